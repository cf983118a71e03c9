package io.candyflow.consumer.flight;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.candyflow.consumer.query.QueryTestStore;
import io.candyflow.consumer.web.WebTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The limits over Flight, with a token required: no token or a wrong one is
 * {@code UNAUTHENTICATED}; SQL DuckDB rejects is {@code INVALID_ARGUMENT} with its
 * message; past the timeout {@code TIMED_OUT}; past the concurrency bound
 * {@code RESOURCE_EXHAUSTED}; the row cap ends a result, the size cap refuses it; a
 * client that goes away mid-stream, or stops reading, leaves no Arrow memory behind;
 * every call is counted.
 */
@WebTest
@Import(QueryTestStore.class)
@TestPropertySource(properties = { "candyflow.flight.token=s3cret", "candyflow.sql.timeout=5s",
		"candyflow.sql.max-concurrent-queries=1", "candyflow.sql.max-rows=1000000",
		"candyflow.sql.max-result-size=64MB", "candyflow.flight.client-stall-timeout=1s" })
class FlightLimitsTests {

	/**
	 * 52 MB in batches of 800 KB: more than the client's library, gRPC's windows and the
	 * sockets take in before the application reads.
	 */
	private static final String BIG = "SELECT repeat('x', 100) AS padding FROM range(500000)";

	private static final String SLOW = "SELECT count(*) FROM range(100000) a, range(1000000) b WHERE a.range <> b.range";

	@LocalServerPort
	private int httpPort;

	@Autowired
	private FlightServerLifecycle server;

	@Autowired
	private BufferAllocator rootAllocator;

	@Autowired
	private MeterRegistry registry;

	private BufferAllocator allocator;

	private FlightSql flight;

	@BeforeEach
	void connect() {
		this.allocator = new RootAllocator();
		this.flight = new FlightSql(this.allocator, this.server.port(), "s3cret");
	}

	@AfterEach
	void close() throws Exception {
		this.flight.close();
		this.allocator.close();
	}

	@Test
	void refusesCallsWithoutTheToken() throws Exception {
		for (String token : new String[] { null, "wrong", "s3cret " }) {
			try (BufferAllocator allocator = new RootAllocator();
					FlightSql stranger = new FlightSql(allocator, this.server.port(), token)) {
				FlightRuntimeException refused = catchThrowableOfType(FlightRuntimeException.class,
						() -> stranger.query("SELECT 1"));
				assertThat(refused.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
				assertThat(refused.status().description()).contains("Bearer");
			}
		}
		assertThat(this.flight.query("SELECT 41 + 1")).isEqualTo(List.of(List.of(42)));
	}

	@Test
	void invalidSqlIsAnInvalidArgumentWithDuckDbsMessage() {
		FlightRuntimeException refused = catchThrowableOfType(FlightRuntimeException.class,
				() -> this.flight.query("SELECT nope FROM history"));
		assertThat(refused.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
		assertThat(refused.status().description()).contains("Binder Error").contains("nope");
	}

	@Test
	void aQueryPastTheTimeoutIsStopped() {
		FlightRuntimeException refused = catchThrowableOfType(FlightRuntimeException.class,
				() -> this.flight.query(SLOW));
		// gRPC's DEADLINE_EXCEEDED on the wire
		assertThat(refused.status().code()).as(refused.status().description()).isEqualTo(FlightStatusCode.TIMED_OUT);
		assertThat(refused.status().description()).contains("5000 ms");
	}

	@Test
	void queriesPastTheConcurrencyBoundAreRefused() throws Exception {
		// the one place taken by a query through POST /sql, held until its timeout
		HttpClient http = HttpClient.newHttpClient();
		CompletableFuture<HttpResponse<String>> slow = http
			.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/sql"))
				.header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString(SLOW))
				.build(), HttpResponse.BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
			FlightRuntimeException refused = catchThrowableOfType(FlightRuntimeException.class,
					() -> this.flight.query("SELECT 1"));
			assertThat(refused).isNotNull();
			assertThat(refused.status().code()).isEqualTo(FlightStatusCode.RESOURCE_EXHAUSTED);
			assertThat(refused.status().description()).contains("At most 1 SQL queries run at once");
		});
		assertThat(slow.get().statusCode()).isEqualTo(408);
	}

	@Test
	void theRowCapEndsAResult() throws Exception {
		assertThat(this.flight.query("SELECT * FROM range(1250000)")).hasSize(1_000_000);
	}

	@Test
	void aResultPastTheSizeCapIsRefused() {
		// 100,000 rows of 1,000 bytes: within the row cap, past the 64 MB
		FlightRuntimeException refused = catchThrowableOfType(FlightRuntimeException.class,
				() -> this.flight.query("SELECT repeat('x', 1000) AS padding FROM range(100000)"));
		assertThat(refused.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
		assertThat(refused.status().description()).contains("larger than 67108864 bytes");
	}

	@Test
	void aClientThatGoesAwayMidStreamLeavesNoMemory() throws Exception {
		long before = this.rootAllocator.getAllocatedMemory();
		// 52 MB in batches of 800 KB: the server is still sending when the client goes
		FlightInfo info = this.flight.sql().execute(BIG);
		try (FlightStream stream = this.flight.sql().getStream(info.getEndpoints().get(0).getTicket())) {
			assertThat(stream.next()).isTrue();
			assertThat(stream.getRoot().getRowCount()).isPositive();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.rootAllocator.getAllocatedMemory() > before);
			stream.cancel("the client is done", null);
		}
		catch (FlightRuntimeException ex) {
			assertThat(ex.status().code()).isEqualTo(FlightStatusCode.CANCELLED);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.rootAllocator.getAllocatedMemory()).isEqualTo(before));
		// and the query's place is free again (there is one)
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.flight.query("SELECT count(*) FROM history"))
				.isEqualTo(List.of(List.of(4L))));
	}

	@Test
	void aClientThatStopsReadingIsCutOffAndLeavesNoMemory() throws Exception {
		long before = this.rootAllocator.getAllocatedMemory();
		FlightInfo info = this.flight.sql().execute(BIG);
		try (FlightStream stream = this.flight.sql().getStream(info.getEndpoints().get(0).getTicket())) {
			// read nothing: the buffers on the way fill, the server waits, then gives up
			// and lets go of the query's memory
			await().atMost(Duration.ofSeconds(10)).until(() -> this.rootAllocator.getAllocatedMemory() > before);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.rootAllocator.getAllocatedMemory()).isEqualTo(before));
			FlightRuntimeException cut = catchThrowableOfType(FlightRuntimeException.class, () -> {
				while (stream.next()) {
					// what was in flight before the server gave up
				}
			});
			assertThat(cut.status().code()).isEqualTo(FlightStatusCode.TIMED_OUT);
			assertThat(cut.status().description()).contains("read nothing for 1000 ms");
		}
	}

	@Test
	void countsCallsByMethodAndOutcome() throws Exception {
		this.flight.query("SELECT 1");
		catchThrowableOfType(FlightRuntimeException.class, () -> this.flight.query("SELEC 1"));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(this.registry.find("candyflow.flight.calls")
				.tags("method", "get_flight_info", "outcome", "ok")
				.timer()).isNotNull();
			assertThat(this.registry.find("candyflow.flight.calls")
				.tags("method", "get_flight_info", "outcome", "invalid_argument")
				.timer()).isNotNull();
			assertThat(this.registry.find("candyflow.flight.calls").tags("method", "do_get", "outcome", "ok").timer())
				.isNotNull();
		});
	}

}
