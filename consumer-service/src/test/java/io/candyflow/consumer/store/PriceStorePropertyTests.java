package io.candyflow.consumer.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import io.candyflow.price.PriceUpdate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's answers equal those of a naive model (a map of the newest update per candy
 * and store, searched in full) over random update sequences, with out-of-order and tied
 * timestamps and publishes at random points. Each case is a seed, so a failure names the
 * sequence that broke it and replays the same way.
 */
class PriceStorePropertyTests {

	private static final long T = 1_700_000_000_000L;

	private static final String[] CANDIES = { "A", "B", "C", "D" };

	private static final String[] STORES = { "s1", "s2", "s3", "s4", "s5" };

	static LongStream seeds() {
		return LongStream.range(0, 300);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void answersLikeTheNaiveModel(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<PriceUpdate> updates = updates(random);
		int publishEvery = random.nextInt(1, 51);
		Map<String, Offer> model = new LinkedHashMap<>();
		try (BufferAllocator allocator = new RootAllocator(64L * 1024 * 1024);
				PriceStore store = new PriceStore(allocator, 1024)) {
			for (int i = 0; i < updates.size(); i++) {
				PriceUpdate update = updates.get(i);
				assertThat(store.markSeen(0, i)).isTrue();
				store.append(update);
				String key = update.candyId() + "/" + update.storeId();
				Offer current = model.get(key);
				if (current == null || update.timestampMillis() >= current.timestampMillis()) {
					model.put(key, new Offer(update.candyId(), update.storeId(), update.priceCents(),
							update.timestampMillis()));
				}
				if (i % publishEvery == 0) {
					store.publish();
					assertSameAnswers(store, model);
				}
			}
			store.publish();
			assertSameAnswers(store, model);
			assertThat(store.stats().rows()).isEqualTo(updates.size());
			if (!updates.isEmpty()) {
				assertThat(store.markSeen(0, updates.size() - 1)).isFalse();
			}
		}
	}

	/**
	 * Up to 400 updates over few candies, stores, prices and times, so that ties and late
	 * updates happen often.
	 */
	private static List<PriceUpdate> updates(SplittableRandom random) {
		int count = random.nextInt(0, 401);
		List<PriceUpdate> updates = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			updates.add(new PriceUpdate(CANDIES[random.nextInt(CANDIES.length)], STORES[random.nextInt(STORES.length)],
					random.nextLong(1, 21), T + random.nextLong(0, 31) * 1000));
		}
		return updates;
	}

	private static void assertSameAnswers(PriceStore store, Map<String, Offer> model) {
		Map<String, List<Offer>> byCandy = new HashMap<>();
		model.values()
			.forEach((offer) -> byCandy.computeIfAbsent(offer.candyId(), (c) -> new ArrayList<>()).add(offer));
		for (String candy : CANDIES) {
			List<Offer> expected = byCandy.getOrDefault(candy, List.of())
				.stream()
				.sorted(Offer.CHEAPEST_FIRST)
				.toList();
			assertThat(store.offers(candy)).isEqualTo(expected);
			assertThat(store.cheapest(candy)).isEqualTo(expected.stream().findFirst());
		}
		Optional<Offer> cheapest = model.values().stream().min(Offer.CHEAPEST_FIRST);
		assertThat(store.cheapest()).isEqualTo(cheapest);
		assertThat(store.offers(null, null, Integer.MAX_VALUE))
			.isEqualTo(model.values().stream().sorted(Offer.CHEAPEST_FIRST).toList());
		assertThat(store.stats().offers()).isEqualTo(model.size());
		assertThat(store.stats().candies()).isEqualTo(byCandy.size());
	}

}
