package io.candyflow.consumer.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;

import io.candyflow.consumer.store.CandySummary;
import io.candyflow.consumer.store.Offer;
import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.store.StoreStats;
import io.candyflow.price.PriceUpdate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The merged answers of shards equal those of one store that ingested every partition:
 * random updates (ties in price and time, late updates, rejected records) go, in log
 * order, into one real {@link PriceStore} (the model) and, by their candy's partition,
 * into one real store per shard, as Kafka keyed by candy would route them. Each case is a
 * seed, so a failure names the sequence that broke it and replays the same way.
 */
class ShardMergeTests {

	private static final long T = 1_700_000_000_000L;

	private static final long MEMORY = 64L * 1024 * 1024;

	private static final int[] LIMITS = { 1, 2, 5, 1000 };

	static LongStream seeds() {
		return LongStream.range(0, 200);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void answersLikeOneStoreOfAllPartitions(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		// "C1" < "C10" < "C2": candy order is the strings' order, not the numbers'
		String[] candies = names("C", random.nextInt(1, 41));
		String[] stores = names("s", random.nextInt(1, 6));
		int partitions = random.nextInt(1, 7);
		int count = random.nextInt(0, 301);
		try (BufferAllocator allocator = new RootAllocator(MEMORY)) {
			List<PriceStore> shards = new ArrayList<>();
			PriceStore model = new PriceStore(allocator, 16);
			try {
				for (int p = 0; p < partitions; p++) {
					shards.add(new PriceStore(allocator, 16));
				}
				long[] offsets = new long[partitions];
				for (int i = 0; i < count; i++) {
					String candy = candies[random.nextInt(candies.length)];
					int partition = Math.floorMod(candy.hashCode(), partitions);
					PriceStore shard = shards.get(partition);
					long offset = offsets[partition]++;
					assertThat(model.markSeen(partition, offset)).isTrue();
					assertThat(shard.markSeen(partition, offset)).isTrue();
					if (random.nextInt(20) == 0) {
						model.reject();
						shard.reject();
					}
					else {
						PriceUpdate update = new PriceUpdate(candy, stores[random.nextInt(stores.length)],
								random.nextLong(1, 21), T + random.nextLong(0, 31) * 1000);
						model.append(update);
						shard.append(update);
					}
					if (random.nextInt(10) == 0) {
						// a shard publishes on its own poll's schedule, not the model's
						shards.get(random.nextInt(partitions)).publish();
					}
					if (random.nextInt(25) == 0) {
						publish(model, shards);
						assertSameAnswers(seed, random, model, shards, stores);
					}
				}
				publish(model, shards);
				assertSameAnswers(seed, random, model, shards, stores);
			}
			finally {
				model.close();
				shards.forEach(PriceStore::close);
			}
			assertThat(allocator.getAllocatedMemory()).isZero();
		}
	}

	@Test
	void mergesNoPartsOrEmptyPartsToNothing() {
		assertThat(ShardMerge.cheapest(List.of())).isEmpty();
		assertThat(ShardMerge.cheapest(List.of(Optional.empty(), Optional.empty()))).isEmpty();
		assertThat(ShardMerge.offers(List.of(), 5)).isEmpty();
		assertThat(ShardMerge.offers(List.of(List.of(), List.of()), 5)).isEmpty();
		assertThat(ShardMerge.candies(List.of())).isEmpty();
		assertThat(ShardMerge.candies(List.of(List.of(), List.of()))).isEmpty();
		assertThat(ShardMerge.stats(List.of())).isEqualTo(new StoreStats(0, 0, 0, 0, 0, 0, 0, 0, 0));
	}

	@Test
	void breaksTiesInPriceByCandyThenStoreAcrossShards() {
		Offer b1 = new Offer("B", "s1", 100, T);
		Offer b2 = new Offer("B", "s2", 100, T + 1);
		Offer a2 = new Offer("A", "s2", 100, T + 2);
		Offer c0 = new Offer("C", "s0", 100, T);
		Offer d0 = new Offer("D", "s0", 99, T);
		assertThat(ShardMerge.cheapest(List.of(Optional.of(b1), Optional.empty(), Optional.of(a2)))).contains(a2);
		assertThat(ShardMerge.offers(List.of(List.of(b1, b2), List.of(a2, c0), List.of(d0)), 10)).containsExactly(d0,
				a2, b1, b2, c0);
	}

	@Test
	void stopsAtTheLimitWhenThePartsHoldMore() {
		Offer a = new Offer("A", "s", 1, T);
		Offer b = new Offer("B", "s", 2, T);
		Offer c = new Offer("C", "s", 3, T);
		Offer d = new Offer("D", "s", 4, T);
		assertThat(ShardMerge.offers(List.of(List.of(b, d), List.of(a, c)), 2)).containsExactly(a, b);
		assertThat(ShardMerge.offers(List.of(List.of(b, d), List.of(a, c)), 3)).containsExactly(a, b, c);
		assertThat(ShardMerge.offers(List.of(List.of(b, d), List.of(a, c)), 0)).isEmpty();
	}

	@Test
	void interleavesTheShardsCandiesInCandyOrder() {
		CandySummary a = summary("A");
		CandySummary b = summary("B");
		CandySummary c = summary("C");
		assertThat(ShardMerge.candies(List.of(List.of(b), List.of(a, c), List.of()))).containsExactly(a, b, c);
	}

	@Test
	void refusesACandyThatTwoShardsHold() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ShardMerge
				.candies(List.of(List.of(summary("A"), summary("Twice")), List.of(summary("B"), summary("Twice")))))
			.withMessageContaining("Twice");
	}

	@Test
	void refusesAShardsCandiesOutOfOrder() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ShardMerge.candies(List.of(List.of(summary("B"), summary("A")))))
			.withMessageContaining("'A'");
	}

	@Test
	void countsAStoreSeenByManyShardsOnce() {
		StoreStats first = new StoreStats(10, 4, 2, 2, 11, 1, 1000, 3, 0);
		StoreStats second = new StoreStats(5, 3, 1, 3, 6, 2, 500, 0, 4);
		assertThat(ShardMerge.stats(
				List.of(new ShardStats(first, Set.of("s1", "s2")), new ShardStats(second, Set.of("s1", "s2", "s3")))))
			.isEqualTo(new StoreStats(15, 7, 3, 3, 17, 3, 1500, 3, 4));
	}

	private static void publish(PriceStore model, List<PriceStore> shards) {
		model.publish();
		shards.forEach(PriceStore::publish);
	}

	private static void assertSameAnswers(long seed, SplittableRandom random, PriceStore model, List<PriceStore> shards,
			String[] stores) {
		assertThat(ShardMerge.cheapest(each(shards, PriceStore::cheapest))).as("seed %d: cheapest", seed)
			.isEqualTo(model.cheapest());
		String[] filters = { null, stores[random.nextInt(stores.length)], "nowhere" };
		for (String storeId : filters) {
			for (int limit : LIMITS) {
				assertThat(ShardMerge.offers(each(shards, (shard) -> shard.offers(null, storeId, limit)), limit))
					.as("seed %d: offers at %s, limit %d", seed, storeId, limit)
					.isEqualTo(model.offers(null, storeId, limit));
			}
		}
		assertThat(ShardMerge.candies(each(shards, PriceStore::candies))).as("seed %d: candies", seed)
			.isEqualTo(model.candies());
		List<ShardStats> parts = each(shards, (shard) -> new ShardStats(shard.stats(), Set.copyOf(shard.storeIds())));
		// every store allocates chunks of its own, so the shards' Arrow bytes add up to
		// more than the one store's: the only field that does not merge to the model's
		assertThat(withoutArrowBytes(ShardMerge.stats(parts))).as("seed %d: stats", seed)
			.isEqualTo(withoutArrowBytes(model.stats()));
	}

	private static <T> List<T> each(List<PriceStore> shards, Function<PriceStore, T> query) {
		return shards.stream().map(query).toList();
	}

	private static StoreStats withoutArrowBytes(StoreStats stats) {
		return new StoreStats(stats.rows(), stats.offers(), stats.candies(), stats.stores(), stats.ingested(),
				stats.rejected(), 0, stats.evictedRows(), stats.droppedRows());
	}

	private static String[] names(String prefix, int count) {
		String[] names = new String[count];
		for (int i = 0; i < count; i++) {
			names[i] = prefix + i;
		}
		return names;
	}

	private static CandySummary summary(String candyId) {
		return new CandySummary(candyId, 1, 100, 100, 100, "s");
	}

}
