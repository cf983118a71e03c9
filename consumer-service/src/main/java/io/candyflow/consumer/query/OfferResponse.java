package io.candyflow.consumer.query;

import java.math.BigDecimal;

import io.candyflow.consumer.store.Offer;
import io.candyflow.price.PriceRules;

/**
 * An offer as the API shows it: the wire format of the price update.
 *
 * @param candyId the candy
 * @param storeId the store
 * @param price the exact price
 * @param timestamp the event time in Unix seconds, with a fraction only if it has one
 */
record OfferResponse(String candyId, String storeId, BigDecimal price, Number timestamp) {

	static OfferResponse of(Offer offer) {
		return new OfferResponse(offer.candyId(), offer.storeId(), PriceRules.centsToPrice(offer.priceCents()),
				seconds(offer.timestampMillis()));
	}

	private static Number seconds(long millis) {
		return (millis % 1000 == 0) ? (Number) (millis / 1000) : BigDecimal.valueOf(millis, 3);
	}

}
