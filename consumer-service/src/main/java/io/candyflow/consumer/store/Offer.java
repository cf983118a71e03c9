package io.candyflow.consumer.store;

import java.util.Comparator;

/**
 * The current offer of one store for one candy: the update with the greatest event time.
 *
 * @param candyId the candy
 * @param storeId the store
 * @param priceCents the price in cents
 * @param timestampMillis the event time in Unix milliseconds
 */
public record Offer(String candyId, String storeId, long priceCents, long timestampMillis) {

	/**
	 * Cheapest first; equal prices in candy, then store order, so answers are stable.
	 * Written out rather than composed from key extractors: the writer sorts every
	 * candy's cheapest offer with it on each publish of a replay.
	 */
	public static final Comparator<Offer> CHEAPEST_FIRST = (a, b) -> {
		int order = Long.compare(a.priceCents, b.priceCents);
		if (order == 0) {
			order = a.candyId.compareTo(b.candyId);
		}
		return (order != 0) ? order : a.storeId.compareTo(b.storeId);
	};

}
