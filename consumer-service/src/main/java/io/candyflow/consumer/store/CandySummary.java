package io.candyflow.consumer.store;

/**
 * A candy's current offers in brief.
 *
 * @param candyId the candy
 * @param stores how many stores have a current offer
 * @param minCents the lowest current price
 * @param maxCents the highest current price
 * @param sumCents the sum of the current prices, for the average
 * @param cheapestStore the store with the lowest price (the first by id on a tie)
 */
public record CandySummary(String candyId, int stores, long minCents, long maxCents, long sumCents,
		String cheapestStore) {
}
