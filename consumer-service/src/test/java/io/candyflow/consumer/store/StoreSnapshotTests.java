package io.candyflow.consumer.store;

import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.candyflow.price.PriceUpdate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot is one published state: its history and its offers come from the same
 * {@link PriceStore#publish()}, however often the writer publishes meanwhile, and its
 * chunks stay readable until it is closed.
 */
class StoreSnapshotTests {

	private static final long T = 1_700_000_000_000L;

	@Test
	void historyAndOffersAreOfOnePublish() throws Exception {
		try (BufferAllocator allocator = new RootAllocator(256L * 1024 * 1024);
				PriceStore store = new PriceStore(allocator, 4096)) {
			Set<Long> published = ConcurrentHashMap.newKeySet();
			published.add(0L);
			AtomicBoolean writing = new AtomicBoolean(true);
			AtomicReference<Throwable> failure = new AtomicReference<>();
			Thread writer = new Thread(() -> {
				try {
					Random random = new Random(16);
					for (long next = 0; next < 1_000_000;) {
						for (int i = random.nextInt(1, 20); i > 0; i--, next++) {
							// row n: the current offer of candy n % 50, stamped T + n
							store.append(new PriceUpdate("C" + (next % 50), "S", next + 1, T + next));
						}
						published.add(next);
						store.publish();
					}
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
				finally {
					writing.set(false);
				}
			});
			writer.start();
			long snapshots = 0;
			while (writing.get()) {
				try (StoreSnapshot snapshot = store.snapshot()) {
					long rows = snapshot.historyRows();
					assertThat(published).contains(rows);
					assertThat(snapshot.offers()).hasSize((int) Math.min(rows, 50));
					long newest = snapshot.offers().stream().mapToLong(Offer::timestampMillis).max().orElse(T - 1);
					assertThat(newest).as("the newest offer of %d rows", rows).isEqualTo(T + rows - 1);
				}
				snapshots++;
			}
			writer.join();
			assertThat(failure.get()).isNull();
			assertThat(snapshots).isGreaterThan(100);
		}
	}

	@Test
	void keepsAnEvictedChunkUntilClosed() {
		try (BufferAllocator allocator = new RootAllocator(64L * 1024 * 1024);
				PriceStore store = new PriceStore(allocator, 1024, new Retention(2048, java.time.Duration.ZERO),
						java.time.Clock.systemUTC())) {
			for (int i = 0; i < 1024; i++) {
				store.append(new PriceUpdate("C", "S", i + 1, T + i));
			}
			store.publish();
			StoreSnapshot snapshot = store.snapshot();
			long held = allocator.getAllocatedMemory();
			for (int i = 0; i < 8192; i++) {
				store.append(new PriceUpdate("C", "S", 7, T + i));
			}
			store.publish();
			// the first chunk is evicted from the store, but the snapshot still reads it
			assertThat(store.stats().evictedRows()).isPositive();
			assertThat(snapshot.data(0, StoreSnapshot.PRICE_CENTS).getInt(4L * 1023)).isEqualTo(1024);
			assertThat(allocator.getAllocatedMemory()).isGreaterThan(held);
			long before = allocator.getAllocatedMemory();
			snapshot.close();
			assertThat(allocator.getAllocatedMemory()).isLessThan(before);
		}
	}

}
