package io.candyflow.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import io.candyflow.price.PriceUpdate;

/**
 * A repeatable market of 1,000 candies in 100 stores, as updates and as the JSON bytes of
 * the wire format.
 */
final class Updates {

	static final int CANDIES = 1_000;

	static final int STORES = 100;

	static final long START = 1_700_000_000_000L;

	private Updates() {
	}

	static PriceUpdate[] updates(int count, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		PriceUpdate[] updates = new PriceUpdate[count];
		for (int i = 0; i < count; i++) {
			updates[i] = new PriceUpdate("Candy" + random.nextInt(CANDIES), "Store" + random.nextInt(STORES),
					random.nextLong(1, 100_000), START + i);
		}
		return updates;
	}

	static byte[][] json(PriceUpdate[] updates) {
		byte[][] json = new byte[updates.length][];
		for (int i = 0; i < updates.length; i++) {
			PriceUpdate update = updates[i];
			json[i] = ("{\"candy_id\":\"" + update.candyId() + "\",\"store_id\":\"" + update.storeId() + "\",\"price\":"
					+ update.price().toPlainString() + ",\"timestamp\":" + (update.timestampMillis() / 1000) + "}")
				.getBytes(StandardCharsets.UTF_8);
		}
		return json;
	}

}
