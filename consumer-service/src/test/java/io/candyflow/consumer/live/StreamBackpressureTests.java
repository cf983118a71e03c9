package io.candyflow.consumer.live;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.web.RawHttp;
import io.candyflow.consumer.web.WebTest;
import io.candyflow.price.PriceUpdate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real TCP client that stops reading, on a real Reactor Netty server, while the store
 * changes fast enough to make every event large: the server notices within the send
 * timeout, drops it and closes its connection, and a client that reads keeps getting
 * events all the while.
 */
@WebTest
@Import(StreamBackpressureTests.BusyStore.class)
@TestPropertySource(properties = { "candyflow.stream.tick=50ms", "candyflow.stream.send-timeout=1s",
		"candyflow.stream.heartbeat=1s" })
class StreamBackpressureTests {

	private static final int CANDIES = 3000;

	@LocalServerPort
	private int port;

	@Autowired
	private PriceStore store;

	@Autowired
	private LiveConfiguration.Ticker ticker;

	@Test
	void dropsAClientThatStopsReadingAndKeepsServingTheOthers() throws Exception {
		AtomicBoolean writing = new AtomicBoolean(true);
		Thread writer = new Thread(() -> churn(writing), "test-writer");
		writer.start();
		AtomicInteger healthyEvents = new AtomicInteger();
		try (Socket stalled = new Socket(); RawHttp healthy = new RawHttp(this.port)) {
			// a small window, and never a read: the server's writes must stall
			stalled.setReceiveBufferSize(4096);
			stalled.connect(new InetSocketAddress("127.0.0.1", this.port));
			stalled.getOutputStream().write(RawHttp.request("GET", "/stream", "Accept: text/event-stream"));
			healthy.send("GET", "/stream", "Accept: text/event-stream");
			Thread reader = new Thread(() -> countEvents(healthy, healthyEvents), "test-reader");
			reader.setDaemon(true);
			reader.start();

			await().atMost(Duration.ofSeconds(30)).until(() -> this.ticker.broadcaster().dropped() == 1);
			assertThat(this.ticker.broadcaster().clients()).isEqualTo(1);
			// the stalled client's connection is closed: what it has not read yet, then
			// the end
			stalled.setSoTimeout(10_000);
			InputStream in = stalled.getInputStream();
			byte[] drain = new byte[65536];
			long read = 0;
			for (int n = in.read(drain); n >= 0; n = in.read(drain)) {
				read += n;
			}
			assertThat(read).isPositive();
			int before = healthyEvents.get();
			await().atMost(Duration.ofSeconds(10)).until(() -> healthyEvents.get() > before + 5);
			assertThat(this.ticker.broadcaster().dropped()).isEqualTo(1);
		}
		finally {
			writing.set(false);
			writer.join();
		}
	}

	private void churn(AtomicBoolean writing) {
		SplittableRandom random = new SplittableRandom(1);
		long offset = 1_000_000;
		long time = 1_700_000_000_000L;
		while (writing.get()) {
			for (int i = 0; i < CANDIES; i++) {
				this.store.markSeen(0, offset++);
				this.store.append(new PriceUpdate("Candy" + i, "Store1", random.nextLong(1, 100_000), time++));
			}
			this.store.publish();
			// every candy changes between two ticks, so every event is large; no faster
			// than that is needed
			LockSupport.parkNanos(20_000_000);
		}
	}

	private static void countEvents(RawHttp stream, AtomicInteger events) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(streamOf(stream), StandardCharsets.UTF_8))) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (line.startsWith("event:")) {
					events.incrementAndGet();
				}
			}
		}
		catch (Exception ex) {
			// the test ended and closed the connection
		}
	}

	private static InputStream streamOf(RawHttp stream) {
		return stream.input();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class BusyStore {

		@Bean(destroyMethod = "close")
		BufferAllocator allocator() {
			return new RootAllocator(512L * 1024 * 1024);
		}

		@Bean(destroyMethod = "close")
		PriceStore priceStore(BufferAllocator allocator) {
			return new PriceStore(allocator, 65536);
		}

	}

}
