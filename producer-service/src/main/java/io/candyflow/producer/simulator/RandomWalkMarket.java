package io.candyflow.producer.simulator;

import java.util.SplittableRandom;

import io.candyflow.price.PriceUpdate;

/**
 * The simulated market: a price per (candy, store) that moves by a small random step each
 * time it is quoted. Not thread-safe; the simulator drives it from one thread.
 */
final class RandomWalkMarket {

	private static final long MIN_CENTS = 10;

	private static final long MAX_CENTS = 100_00;

	/** Standard deviation of one step, relative to the price. */
	private static final double VOLATILITY = 0.02;

	private final SplittableRandom random;

	private final String[] candies;

	private final String[] stores;

	private final long[] cents;

	RandomWalkMarket(int candies, int stores, SplittableRandom random) {
		this.random = random;
		this.candies = names("Candy", candies);
		this.stores = names("Store", stores);
		this.cents = new long[candies * stores];
		for (int i = 0; i < this.cents.length; i++) {
			this.cents[i] = random.nextLong(50, 500);
		}
	}

	int candies() {
		return this.candies.length;
	}

	int stores() {
		return this.stores.length;
	}

	/**
	 * Moves the price of a random (candy, store) and returns it as an update.
	 * @param timestampMillis the event time to stamp
	 * @return the update
	 */
	PriceUpdate next(long timestampMillis) {
		int candy = this.random.nextInt(this.candies.length);
		int store = this.random.nextInt(this.stores.length);
		int slot = candy * this.stores.length + store;
		double step = Math.exp(this.random.nextGaussian() * VOLATILITY);
		long price = Math.max(MIN_CENTS, Math.min(MAX_CENTS, Math.round(this.cents[slot] * step)));
		this.cents[slot] = price;
		return new PriceUpdate(this.candies[candy], this.stores[store], price, timestampMillis);
	}

	private static String[] names(String prefix, int count) {
		String[] names = new String[count];
		for (int i = 0; i < count; i++) {
			names[i] = prefix + (i + 1);
		}
		return names;
	}

}
