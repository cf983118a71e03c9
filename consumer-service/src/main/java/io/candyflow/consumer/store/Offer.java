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

	/** Cheapest first; equal prices in candy, then store order, so answers are stable. */
	static final Comparator<Offer> CHEAPEST_FIRST = Comparator.comparingLong(Offer::priceCents)
		.thenComparing(Offer::candyId)
		.thenComparing(Offer::storeId);

}
