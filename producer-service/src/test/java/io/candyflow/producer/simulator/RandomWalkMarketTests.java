package io.candyflow.producer.simulator;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import io.candyflow.price.PriceUpdate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RandomWalkMarketTests {

	@Test
	void quotesEveryPairWithinBoundsAndMovesPricesInSmallSteps() {
		RandomWalkMarket market = new RandomWalkMarket(3, 4, new SplittableRandom(42));
		Set<String> pairs = new HashSet<>();
		long[] last = new long[12];
		for (int i = 0; i < 20_000; i++) {
			PriceUpdate update = market.next(1_700_000_000_000L);
			assertThat(update.priceCents()).isBetween(10L, 10_000L);
			assertThat(update.timestampMillis()).isEqualTo(1_700_000_000_000L);
			int slot = (Integer.parseInt(update.candyId().substring(5)) - 1) * 4
					+ Integer.parseInt(update.storeId().substring(5)) - 1;
			if (last[slot] != 0) {
				assertThat((double) update.priceCents()).isCloseTo(last[slot],
						org.assertj.core.data.Percentage.withPercentage(20));
			}
			last[slot] = update.priceCents();
			pairs.add(update.candyId() + "/" + update.storeId());
		}
		assertThat(pairs).hasSize(12).contains("Candy1/Store1", "Candy3/Store4");
	}

	@Test
	void isRepeatableWithASeed() {
		RandomWalkMarket one = new RandomWalkMarket(5, 5, new SplittableRandom(7));
		RandomWalkMarket two = new RandomWalkMarket(5, 5, new SplittableRandom(7));
		for (int i = 0; i < 100; i++) {
			assertThat(one.next(i)).isEqualTo(two.next(i));
		}
	}

}
