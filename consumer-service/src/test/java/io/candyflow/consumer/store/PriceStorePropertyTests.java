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
 * timestamps and publishes at random points. Each update goes in either as an object
 * (Jackson's path: ids as strings) or as the scanner reads it from the bytes (ids looked
 * up by their bytes), so that both ways into the code-addressed index meet on the same
 * candies and stores; one store id is not ASCII, which only the string path carries. Each
 * case is a seed, so a failure names the sequence that broke it and replays the same way.
 */
class PriceStorePropertyTests {

	private static final long T = 1_700_000_000_000L;

	private static final String[] FEW_CANDIES = { "A", "B", "C", "D" };

	/** Enough candies that a publish often moves only a few of them in the order. */
	private static final String[] MANY_CANDIES = java.util.stream.IntStream.range(0, 40)
		.mapToObj((i) -> "K" + i)
		.toArray(String[]::new);

	private static final String[] STORES = { "s1", "s2", "s3", "s4", "s5", "sé" };

	static LongStream seeds() {
		return LongStream.range(0, 300);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void answersLikeTheNaiveModel(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		String[] candies = random.nextBoolean() ? FEW_CANDIES : MANY_CANDIES;
		List<PriceUpdate> updates = updates(random, candies);
		int publishEvery = random.nextInt(1, 51);
		Map<String, Offer> model = new LinkedHashMap<>();
		try (BufferAllocator allocator = new RootAllocator(64L * 1024 * 1024);
				PriceStore store = new PriceStore(allocator, 1024)) {
			for (int i = 0; i < updates.size(); i++) {
				PriceUpdate update = updates.get(i);
				assertThat(store.markSeen(0, i)).isTrue();
				if (random.nextBoolean() && !update.storeId().equals("sé")) {
					store.append(RawUpdates.of(update));
				}
				else {
					store.append(update);
				}
				String key = update.candyId() + "/" + update.storeId();
				Offer current = model.get(key);
				if (current == null || update.timestampMillis() >= current.timestampMillis()) {
					model.put(key, new Offer(update.candyId(), update.storeId(), update.priceCents(),
							update.timestampMillis()));
				}
				if (i % publishEvery == 0) {
					store.publish();
					assertSameAnswers(store, model, candies);
				}
			}
			store.publish();
			assertSameAnswers(store, model, candies);
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
	private static List<PriceUpdate> updates(SplittableRandom random, String[] candies) {
		int count = random.nextInt(0, 401);
		List<PriceUpdate> updates = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			updates.add(new PriceUpdate(candies[random.nextInt(candies.length)], STORES[random.nextInt(STORES.length)],
					random.nextLong(1, 21), T + random.nextLong(0, 31) * 1000));
		}
		return updates;
	}

	private static void assertSameAnswers(PriceStore store, Map<String, Offer> model, String[] candies) {
		Map<String, List<Offer>> byCandy = new HashMap<>();
		model.values()
			.forEach((offer) -> byCandy.computeIfAbsent(offer.candyId(), (c) -> new ArrayList<>()).add(offer));
		for (String candy : candies) {
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
		for (String storeId : STORES) {
			assertThat(store.offers(null, storeId, 3)).isEqualTo(model.values()
				.stream()
				.filter((offer) -> offer.storeId().equals(storeId))
				.sorted(Offer.CHEAPEST_FIRST)
				.limit(3)
				.toList());
		}
		List<CandySummary> summaries = new ArrayList<>();
		for (String candy : java.util.Arrays.stream(candies).sorted().toList()) {
			List<Offer> offers = byCandy.getOrDefault(candy, List.of()).stream().sorted(Offer.CHEAPEST_FIRST).toList();
			if (!offers.isEmpty()) {
				summaries.add(new CandySummary(candy, offers.size(), offers.get(0).priceCents(),
						offers.get(offers.size() - 1).priceCents(), offers.stream().mapToLong(Offer::priceCents).sum(),
						offers.get(0).storeId()));
			}
		}
		assertThat(store.candies()).isEqualTo(summaries);
		assertThat(store.stats().offers()).isEqualTo(model.size());
		assertThat(store.stats().candies()).isEqualTo(byCandy.size());
	}

}
