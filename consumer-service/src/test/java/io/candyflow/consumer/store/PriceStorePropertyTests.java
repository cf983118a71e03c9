package io.candyflow.consumer.store;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.candyflow.price.PriceUpdate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's answers equal those of a naive model (a map of the newest update per candy
 * and store, searched in full) over random update sequences, with out-of-order and tied
 * timestamps and publishes at random points.
 */
class PriceStorePropertyTests {

	private static final long T = 1_700_000_000_000L;

	@Property(tries = 300)
	void answersLikeTheNaiveModel(@ForAll("updates") @Size(max = 400) List<PriceUpdate> updates,
			@ForAll("publishEvery") int publishEvery) {
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
			assertThat(store.markSeen(0, updates.size() - 1)).isFalse();
		}
	}

	@Provide
	Arbitrary<List<PriceUpdate>> updates() {
		Arbitrary<String> candies = Arbitraries.of("A", "B", "C", "D");
		Arbitrary<String> stores = Arbitraries.of("s1", "s2", "s3", "s4", "s5");
		// few distinct prices and times, so that ties happen often
		Arbitrary<Long> prices = Arbitraries.longs().between(1, 20);
		Arbitrary<Long> times = Arbitraries.longs().between(0, 30).map((offset) -> T + offset * 1000);
		return Combinators.combine(candies, stores, prices, times).as(PriceUpdate::new).list();
	}

	@Provide
	Arbitrary<Integer> publishEvery() {
		return Arbitraries.integers().between(1, 50);
	}

	private static void assertSameAnswers(PriceStore store, Map<String, Offer> model) {
		Map<String, List<Offer>> byCandy = new HashMap<>();
		model.values()
			.forEach(
					(offer) -> byCandy.computeIfAbsent(offer.candyId(), (c) -> new java.util.ArrayList<>()).add(offer));
		for (String candy : List.of("A", "B", "C", "D")) {
			List<Offer> expected = byCandy.getOrDefault(candy, List.of())
				.stream()
				.sorted(Offer.CHEAPEST_FIRST)
				.toList();
			assertThat(store.offers(candy)).isEqualTo(expected);
			assertThat(store.cheapest(candy)).isEqualTo(expected.stream().findFirst());
		}
		Optional<Offer> cheapest = model.values().stream().min(Offer.CHEAPEST_FIRST);
		assertThat(store.cheapest()).isEqualTo(cheapest);
		assertThat(store.stats().offers()).isEqualTo(model.size());
		assertThat(store.stats().candies()).isEqualTo(byCandy.size());
	}

}
