package io.candyflow.consumer.store;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Reader-side queries over the published offer index.
 */
final class OfferQueries {

	private OfferQueries() {
	}

	static List<Offer> filter(OfferIndex.CandyOffers candy, String storeId, int limit) {
		if (candy == null) {
			return List.of();
		}
		List<Offer> result = new ArrayList<>(Math.min(limit, candy.offers().length));
		for (Offer offer : candy.offers()) {
			if (result.size() == limit) {
				break;
			}
			if (storeId == null || storeId.equals(offer.storeId())) {
				result.add(offer);
			}
		}
		return result;
	}

	/**
	 * Merges the candies' sorted offers, taking the cheapest first, until {@code limit}.
	 */
	static List<Offer> acrossCandies(OfferIndex index, String storeId, int limit) {
		PriorityQueue<Cursor> cursors = new PriorityQueue<>(
				(a, b) -> Offer.CHEAPEST_FIRST.compare(a.current(), b.current()));
		for (String candyId : index.candyNames()) {
			OfferIndex.CandyOffers candy = index.offers(candyId);
			if (candy != null) {
				Cursor cursor = new Cursor(candy.offers(), storeId);
				if (cursor.advance()) {
					cursors.add(cursor);
				}
			}
		}
		List<Offer> result = new ArrayList<>(Math.min(limit, 1024));
		while (result.size() < limit && !cursors.isEmpty()) {
			Cursor cheapest = cursors.poll();
			result.add(cheapest.current());
			if (cheapest.advance()) {
				cursors.add(cheapest);
			}
		}
		return result;
	}

	static List<CandySummary> summaries(OfferIndex index) {
		String[] names = index.candyNames();
		List<CandySummary> result = new ArrayList<>(names.length);
		for (String candyId : names) {
			OfferIndex.CandyOffers candy = index.offers(candyId);
			if (candy != null) {
				Offer[] offers = candy.offers();
				result.add(new CandySummary(candyId, offers.length, offers[0].priceCents(),
						offers[offers.length - 1].priceCents(), candy.sumCents(), offers[0].storeId()));
			}
		}
		return result;
	}

	/**
	 * A position in one candy's sorted offers, skipping other stores when filtered.
	 */
	private static final class Cursor {

		private final Offer[] offers;

		private final String storeId;

		private int next;

		private Offer current;

		Cursor(Offer[] offers, String storeId) {
			this.offers = offers;
			this.storeId = storeId;
		}

		boolean advance() {
			while (this.next < this.offers.length) {
				Offer offer = this.offers[this.next++];
				if (this.storeId == null || this.storeId.equals(offer.storeId())) {
					this.current = offer;
					return true;
				}
			}
			return false;
		}

		Offer current() {
			return this.current;
		}

	}

}
