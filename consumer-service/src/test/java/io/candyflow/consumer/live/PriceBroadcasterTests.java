package io.candyflow.consumer.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.PriceUpdate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The fan-out of {@code /stream}, driven tick by tick with a hand-moved clock: no sleeps,
 * and each tick decides exactly what every client gets.
 */
class PriceBroadcasterTests {

	private static final long T = 1_700_000_000_000L;

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private final BufferAllocator allocator = new RootAllocator(16 * 1024 * 1024);

	private final PriceStore store = new PriceStore(this.allocator, 1024);

	private final AtomicLong nanos = new AtomicLong(1_000);

	private ExecutorService pool;

	private long offset;

	@AfterEach
	void close() throws InterruptedException {
		if (this.pool != null) {
			this.pool.shutdownNow();
			assertThat(this.pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		this.store.close();
		this.allocator.close();
	}

	/** Sends on the ticking thread: every tick's sends are done when tick() returns. */
	private PriceBroadcaster broadcaster(int maxClients) {
		return broadcaster(maxClients, Runnable::run);
	}

	private PriceBroadcaster broadcaster(int maxClients, Executor sender) {
		StreamProperties properties = new StreamProperties(maxClients, Duration.ofMillis(250), SEND_TIMEOUT, HEARTBEAT);
		return new PriceBroadcaster(this.store, JsonMapper.builder().build(), properties, sender,
				Clock.fixed(Instant.ofEpochMilli(T), ZoneOffset.UTC), this.nanos::get);
	}

	/** Appends updates and publishes them, as one poll of the Kafka listener. */
	private void poll(PriceUpdate... updates) {
		for (PriceUpdate update : updates) {
			this.store.markSeen(0, this.offset++);
			this.store.append(update);
		}
		this.store.publish();
	}

	private static PriceUpdate update(String candy, String store, long cents, long seconds) {
		return new PriceUpdate(candy, store, cents, T + seconds * 1000);
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	@Test
	void aNewClientGetsASnapshotOfEveryCandyFirst() {
		poll(update("Candy1", "Store1", 235, 0), update("Candy1", "Store2", 199, 1), update("Candy2", "Store1", 89, 2));
		PriceBroadcaster broadcaster = broadcaster(10);
		RecordingSink first = new RecordingSink();
		broadcaster.connect(first);
		broadcaster.tick();

		assertThat(first.events()).hasSize(1);
		StreamEvent snapshot = first.events().get(0);
		assertThat(snapshot.name()).isEqualTo(StreamEvent.SNAPSHOT);
		assertThat(snapshot.data()).isEqualTo("{\"time\":1700000000,\"candies\":["
				+ "{\"candy_id\":\"Candy1\",\"cheapest_store\":\"Store2\",\"price\":1.99,\"stores\":2,\"max\":2.35},"
				+ "{\"candy_id\":\"Candy2\",\"cheapest_store\":\"Store1\",\"price\":0.89,\"stores\":1,\"max\":0.89}]}");

		// a later client gets its own snapshot; the first, with nothing new, gets nothing
		RecordingSink second = new RecordingSink();
		broadcaster.connect(second);
		broadcaster.tick();
		assertThat(second.events()).containsExactly(snapshot);
		assertThat(first.events()).hasSize(1);
	}

	@Test
	void aSnapshotIsSentEvenBeforeAnyPrice() {
		PriceBroadcaster broadcaster = broadcaster(10);
		RecordingSink client = new RecordingSink();
		broadcaster.connect(client);
		broadcaster.tick();
		assertThat(client.events())
			.containsExactly(new StreamEvent(StreamEvent.SNAPSHOT, "{\"time\":1700000000,\"candies\":[]}"));
	}

	@Test
	void manyChangesWithinOneTickMakeOneEventWithTheLatestValues() {
		poll(update("Candy1", "Store1", 500, 0), update("Candy2", "Store1", 300, 0));
		PriceBroadcaster broadcaster = broadcaster(10);
		RecordingSink client = new RecordingSink();
		broadcaster.connect(client);
		broadcaster.tick();

		// a hundred polls between two ticks, Candy1 falling each time; Candy2 untouched
		for (int i = 1; i <= 100; i++) {
			poll(update("Candy1", "Store" + (i % 3 + 1), 500 - i, i));
		}
		broadcaster.tick();

		assertThat(client.data()).hasSize(2);
		StreamEvent update = client.data().get(1);
		assertThat(update.name()).isEqualTo(StreamEvent.UPDATE);
		var candies = RecordingSink.candies(update);
		assertThat(candies).containsOnlyKeys("Candy1");
		assertThat(candies.get("Candy1").get("price").decimalValue()).isEqualByComparingTo("4.00");
		assertThat(candies.get("Candy1").get("cheapest_store").asString()).isEqualTo("Store2");
		assertThat(candies.get("Candy1").get("stores").asInt()).isEqualTo(3);
		// the change since the last event the client saw, not since the last update
		assertThat(candies.get("Candy1").get("change").decimalValue()).isEqualByComparingTo("-1.00");

		// and nothing while nothing changes
		broadcaster.tick();
		assertThat(client.events()).hasSize(2);
	}

	@Test
	void aClientThatStallsIsDroppedWithoutHoldingUpTheOthers() {
		this.pool = Executors.newFixedThreadPool(2);
		PriceBroadcaster broadcaster = broadcaster(2, this.pool);
		poll(update("Candy1", "Store1", 500, 0));
		RecordingSink slow = new RecordingSink().stall();
		RecordingSink fast = new RecordingSink();
		broadcaster.connect(slow);
		broadcaster.connect(fast);

		broadcaster.tick();
		await().atMost(Duration.ofSeconds(10)).until(() -> fast.events().size() == 1 && slow.events().size() == 1);

		// the slow client is stuck in its first write; the fast one goes on getting
		// events
		poll(update("Candy1", "Store1", 490, 1));
		advance(Duration.ofSeconds(1));
		broadcaster.tick();
		await().atMost(Duration.ofSeconds(10)).until(() -> fast.events().size() == 2);
		assertThat(slow.events()).hasSize(1);
		assertThat(broadcaster.clients()).isEqualTo(2);
		assertThat(broadcaster.dropped()).isZero();

		// past the send timeout, the next tick drops it
		poll(update("Candy1", "Store1", 480, 2));
		advance(SEND_TIMEOUT);
		broadcaster.tick();
		assertThat(broadcaster.dropped()).isEqualTo(1);
		assertThat(broadcaster.clients()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> fast.events().size() == 3);

		// its thread is still stuck, so its slot is still taken: max-clients bounds the
		// threads, stuck ones included
		assertThatExceptionOfType(TooManyClientsException.class)
			.isThrownBy(() -> broadcaster.connect(new RecordingSink()));
		assertThat(slow.isClosed()).isFalse();

		// when the write gives up, that thread closes the client and frees the slot
		slow.unstall();
		await().atMost(Duration.ofSeconds(10)).until(slow::isClosed);
		assertThat(slow.wasClosedWhileWriting()).isFalse();
		// even though that write went through in the end: the client was dropped
		assertThat(slow.wasAborted()).isTrue();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> broadcaster.connect(new RecordingSink()));

		// the dropped client gets nothing more, and is counted once
		poll(update("Candy1", "Store1", 470, 3));
		advance(Duration.ofSeconds(1));
		broadcaster.tick();
		await().atMost(Duration.ofSeconds(10)).until(() -> fast.events().size() == 4);
		assertThat(slow.events()).hasSize(1);
		assertThat(broadcaster.dropped()).isEqualTo(1);
	}

	@Test
	void aWriteThatGivesUpPastTheSendTimeoutIsADropCountedOnce() {
		this.pool = Executors.newFixedThreadPool(1);
		PriceBroadcaster broadcaster = broadcaster(1, this.pool);
		poll(update("Candy1", "Store1", 500, 0));
		RecordingSink slow = new RecordingSink().stall();
		broadcaster.connect(slow);
		broadcaster.tick();
		await().atMost(Duration.ofSeconds(10)).until(() -> slow.events().size() == 1);

		// the sink's own timeout ends the write before the ticker looks again
		advance(SEND_TIMEOUT.plusMillis(1));
		slow.giveUp();
		await().atMost(Duration.ofSeconds(10)).until(slow::isClosed);
		assertThat(slow.wasAborted()).isTrue();
		assertThat(broadcaster.dropped()).isEqualTo(1);
		assertThat(broadcaster.clients()).isZero();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> broadcaster.connect(new RecordingSink()));
		broadcaster.tick();
		assertThat(broadcaster.dropped()).isEqualTo(1);

		// a write that fails within the send timeout is a client gone, not a drop
		RecordingSink gone = new RecordingSink().stall();
		PriceBroadcaster other = broadcaster(1, this.pool);
		other.connect(gone);
		other.tick();
		await().atMost(Duration.ofSeconds(10)).until(() -> gone.events().size() == 1);
		gone.giveUp();
		await().atMost(Duration.ofSeconds(10)).until(gone::isClosed);
		assertThat(gone.wasAborted()).isFalse();
		assertThat(other.dropped()).isZero();
	}

	@Test
	void aClientThatFellBehindGetsEverythingItMissedInOneEvent() {
		this.pool = Executors.newFixedThreadPool(2);
		PriceBroadcaster broadcaster = broadcaster(2, this.pool);
		poll(update("Candy1", "Store1", 500, 0), update("Candy2", "Store1", 300, 0),
				update("Candy3", "Store1", 100, 0));
		RecordingSink slow = new RecordingSink();
		broadcaster.connect(slow);
		broadcaster.tick();
		await().atMost(Duration.ofSeconds(10)).until(() -> slow.events().size() == 1);

		// a write that takes a while, shorter than the send timeout
		slow.stall();
		poll(update("Candy1", "Store1", 450, 1));
		broadcaster.tick();
		await().atMost(Duration.ofSeconds(10)).until(() -> slow.events().size() == 2);
		// meanwhile three more ticks with changes: nothing is queued for the busy client
		poll(update("Candy2", "Store1", 250, 2));
		broadcaster.tick();
		poll(update("Candy2", "Store1", 200, 3));
		broadcaster.tick();
		poll(update("Candy1", "Store1", 400, 4));
		broadcaster.tick();
		assertThat(slow.events()).hasSize(2);

		slow.unstall();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			broadcaster.tick();
			assertThat(slow.events()).hasSize(3);
		});
		var candies = RecordingSink.candies(slow.events().get(2));
		assertThat(candies).containsOnlyKeys("Candy1", "Candy2");
		assertThat(candies.get("Candy1").get("price").decimalValue()).isEqualByComparingTo("4.00");
		assertThat(candies.get("Candy2").get("price").decimalValue()).isEqualByComparingTo("2.00");
		assertThat(broadcaster.dropped()).isZero();
	}

	@Test
	void admitsAtMostMaxClients() {
		PriceBroadcaster broadcaster = broadcaster(2);
		PriceBroadcaster.Client first = broadcaster.connect(new RecordingSink());
		broadcaster.connect(new RecordingSink());
		assertThatExceptionOfType(TooManyClientsException.class)
			.isThrownBy(() -> broadcaster.connect(new RecordingSink()))
			.withMessageContaining("at most 2 clients");
		assertThat(broadcaster.clients()).isEqualTo(2);

		broadcaster.disconnect(first);
		assertThat(broadcaster.clients()).isEqualTo(1);
		broadcaster.connect(new RecordingSink());
		assertThat(broadcaster.clients()).isEqualTo(2);
	}

	@Test
	void aClientThatWentAwayIsForgottenAtItsNextWrite() {
		PriceBroadcaster broadcaster = broadcaster(1);
		RecordingSink gone = new RecordingSink();
		broadcaster.connect(gone);
		broadcaster.tick();
		gone.fail();
		poll(update("Candy1", "Store1", 500, 0));
		broadcaster.tick();

		assertThat(gone.isClosed()).isTrue();
		assertThat(broadcaster.clients()).isZero();
		// a failed write is a client leaving, not a drop, and frees its slot
		assertThat(broadcaster.dropped()).isZero();
		broadcaster.connect(new RecordingSink());
	}

	@Test
	void anIdleStreamGetsAHeartbeat() {
		PriceBroadcaster broadcaster = broadcaster(1);
		RecordingSink client = new RecordingSink();
		broadcaster.connect(client);
		broadcaster.tick();
		advance(HEARTBEAT.minusMillis(1));
		broadcaster.tick();
		assertThat(client.events()).hasSize(1);

		advance(Duration.ofMillis(1));
		broadcaster.tick();
		assertThat(client.events()).hasSize(2);
		assertThat(client.events().get(1).isHeartbeat()).isTrue();
	}

	@Test
	void closingEndsEveryStream() {
		PriceBroadcaster broadcaster = broadcaster(2);
		RecordingSink first = new RecordingSink();
		RecordingSink second = new RecordingSink();
		broadcaster.connect(first);
		broadcaster.connect(second);
		broadcaster.closeAll();
		assertThat(List.of(first.isClosed(), second.isClosed())).containsOnly(true);
		assertThat(broadcaster.clients()).isZero();
	}

}
