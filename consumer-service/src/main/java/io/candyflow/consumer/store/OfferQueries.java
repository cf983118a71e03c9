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
	 * The cheapest offers across candies. Without a store, a lazy merge: candies are
	 * opened in the order of their cheapest offer, only while that could still make the
	 * list, so the cost follows {@code limit}, not the number of candies. With a store, a
	 * scan of the current offers (never of the history).
	 */
	static List<Offer> acrossCandies(OfferIndex index, String storeId, int limit) {
		return (storeId != null) ? atStore(index, storeId, limit) : merge(index, limit);
	}

	private static List<Offer> merge(OfferIndex index, int limit) {
		Offer[] order = index.cheapestPerCandy();
		PriorityQueue<Cursor> open = new PriorityQueue<>(
				(a, b) -> Offer.CHEAPEST_FIRST.compare(a.current(), b.current()));
		List<Offer> result = new ArrayList<>(Math.min(limit, 256));
		int next = 0;
		while (result.size() < limit) {
			while (next < order.length
					&& (open.isEmpty() || Offer.CHEAPEST_FIRST.compare(order[next], open.peek().current()) <= 0)) {
				OfferIndex.CandyOffers candy = index.offers(order[next++].candyId());
				if (candy != null) {
					Cursor cursor = new Cursor(candy.offers());
					if (cursor.advance()) {
						open.add(cursor);
					}
				}
			}
			Cursor cheapest = open.poll();
			if (cheapest == null) {
				break;
			}
			result.add(cheapest.current());
			if (cheapest.advance()) {
				open.add(cheapest);
			}
		}
		// a candy republished during the merge may be out of place by a hair: restore
		// order
		result.sort(Offer.CHEAPEST_FIRST);
		return result;
	}

	private static List<Offer> atStore(OfferIndex index, String storeId, int limit) {
		List<Offer> result = new ArrayList<>();
		for (String candyId : index.candyNames()) {
			OfferIndex.CandyOffers candy = index.offers(candyId);
			if (candy != null) {
				for (Offer offer : candy.offers()) {
					if (storeId.equals(offer.storeId())) {
						result.add(offer);
						break;
					}
				}
			}
		}
		result.sort(Offer.CHEAPEST_FIRST);
		return (result.size() > limit) ? new ArrayList<>(result.subList(0, limit)) : result;
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
	 * A position in one candy's sorted offers.
	 */
	private static final class Cursor {

		private final Offer[] offers;

		private int next;

		private Offer current;

		Cursor(Offer[] offers) {
			this.offers = offers;
		}

		boolean advance() {
			if (this.next < this.offers.length) {
				this.current = this.offers[this.next++];
				return true;
			}
			return false;
		}

		Offer current() {
			return this.current;
		}

	}

}
