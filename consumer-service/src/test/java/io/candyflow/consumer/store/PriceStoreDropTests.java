package io.candyflow.consumer.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import io.candyflow.price.PriceUpdate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store that drops partitions (a revocation in sharded mode) answers exactly like a
 * store that never ingested them: random updates over several partitions go into one
 * store, which then drops a random set of them, and the kept partitions' updates alone
 * into another. Each case is a seed.
 */
class PriceStoreDropTests {

	private static final long T = 1_700_000_000_000L;

	private static final long MEMORY = 64L * 1024 * 1024;

	static LongStream seeds() {
		return LongStream.range(0, 100);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void answersLikeAStoreThatNeverHadThem(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		int partitions = random.nextInt(1, 7);
		Set<Integer> dropped = new HashSet<>();
		for (int p = 0; p < partitions; p++) {
			if (random.nextBoolean()) {
				dropped.add(p);
			}
		}
		try (BufferAllocator allocator = new RootAllocator(MEMORY)) {
			try (PriceStore all = new PriceStore(allocator, 16); PriceStore kept = new PriceStore(allocator, 16)) {
				long droppedRows = 0;
				long[] offsets = new long[partitions];
				for (int i = 0, count = random.nextInt(0, 400); i < count; i++) {
					String candy = "C" + random.nextInt(30);
					int partition = Math.floorMod(candy.hashCode(), partitions);
					long offset = offsets[partition]++;
					boolean keeps = !dropped.contains(partition);
					all.markSeen(partition, offset);
					if (keeps) {
						kept.markSeen(partition, offset);
					}
					if (random.nextInt(20) == 0) {
						all.reject();
						if (keeps) {
							kept.reject();
						}
						continue;
					}
					PriceUpdate update = new PriceUpdate(candy, "s" + random.nextInt(6), random.nextLong(1, 21),
							T + random.nextLong(0, 31) * 1000);
					all.append(update);
					droppedRows += keeps ? 0 : 1;
					if (keeps) {
						kept.append(update);
					}
					if (random.nextInt(10) == 0) {
						all.publish();
					}
				}
				all.publish();
				kept.publish();
				assertThat(all.dropPartitions(dropped)).as("seed %d: rows dropped", seed).isEqualTo(droppedRows);
				assertSameAnswers(seed, all, kept);
				for (int p = 0; p < partitions; p++) {
					assertThat(all.nextOffset(p)).as("seed %d: next offset of %d", seed, p)
						.isEqualTo(dropped.contains(p) ? 0 : offsets[p]);
				}
			}
			assertThat(allocator.getAllocatedMemory()).isZero();
		}
	}

	@Test
	void aSnapshotTakenBeforeADropStaysReadableAndFreesTheOldChunksWhenClosed() {
		try (BufferAllocator allocator = new RootAllocator(MEMORY)) {
			try (PriceStore store = new PriceStore(allocator, 16)) {
				for (int i = 0; i < 100; i++) {
					store.markSeen(i % 2, i / 2);
					store.append(new PriceUpdate("C" + (i % 2), "s" + (i % 3), 100 + i, T + i));
				}
				store.publish();
				long before = allocator.getAllocatedMemory();
				try (StoreSnapshot snapshot = store.snapshot()) {
					store.dropPartitions(Set.of(1));
					assertThat(store.candies()).extracting(CandySummary::candyId).containsExactly("C0");
					assertThat(snapshot.historyRows()).isEqualTo(100);
					// the old chunks are held by the snapshot, the kept rows' copies
					// beside
					assertThat(allocator.getAllocatedMemory()).isGreaterThan(before);
				}
				assertThat(allocator.getAllocatedMemory()).isLessThan(before);
				assertThat(store.stats().rows()).isEqualTo(50);
				assertThat(store.history("C1", null, Long.MIN_VALUE, Long.MAX_VALUE, 1000)).isEmpty();
				// read again from its beginning, the partition comes back whole
				for (int i = 1; i < 100; i += 2) {
					assertThat(store.markSeen(1, i / 2)).isTrue();
					store.append(new PriceUpdate("C1", "s" + (i % 3), 100 + i, T + i));
				}
				store.publish();
				assertThat(store.stats().rows()).isEqualTo(100);
				assertThat(store.cheapest("C1")).get().extracting(Offer::priceCents).isEqualTo(195L);
			}
			assertThat(allocator.getAllocatedMemory()).isZero();
		}
	}

	private static void assertSameAnswers(long seed, PriceStore actual, PriceStore expected) {
		assertThat(actual.cheapest()).as("seed %d: cheapest", seed).isEqualTo(expected.cheapest());
		assertThat(actual.offers(null, null, 1000)).as("seed %d: offers", seed)
			.isEqualTo(expected.offers(null, null, 1000));
		assertThat(actual.candies()).as("seed %d: candies", seed).isEqualTo(expected.candies());
		for (CandySummary candy : expected.candies()) {
			assertThat(actual.history(candy.candyId(), null, Long.MIN_VALUE, Long.MAX_VALUE, 1000))
				.as("seed %d: history of %s", seed, candy.candyId())
				.isEqualTo(expected.history(candy.candyId(), null, Long.MIN_VALUE, Long.MAX_VALUE, 1000));
		}
		assertThat(rows(actual)).as("seed %d: history rows", seed).isEqualTo(rows(expected));
		StoreStats a = actual.stats();
		StoreStats e = expected.stats();
		// arrow_bytes: the kept rows were copied into chunks of their own
		assertThat(new StoreStats(a.rows(), a.offers(), a.candies(), a.stores(), a.ingested(), a.rejected(), 0,
				a.evictedRows(), a.droppedRows()))
			.as("seed %d: stats", seed)
			.isEqualTo(new StoreStats(e.rows(), e.offers(), e.candies(), e.stores(), e.ingested(), e.rejected(), 0,
					e.evictedRows(), e.droppedRows()));
		assertThat(Set.copyOf(actual.storeIds())).as("seed %d: stores", seed)
			.isEqualTo(Set.copyOf(expected.storeIds()));
	}

	private static List<String> rows(PriceStore store) {
		List<String> rows = new ArrayList<>();
		store.forEachHistoryRow((candy, shop, price, time) -> rows.add(candy + "/" + shop + "/" + price + "/" + time));
		return rows;
	}

}
