package io.candyflow.consumer.query;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonProperty;
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
// Names spelled out, not left to the naming strategy: the OpenAPI generator has a Jackson
// of its own, and both read these annotations.
record OfferResponse(@JsonProperty("candy_id") String candyId, @JsonProperty("store_id") String storeId,
		BigDecimal price, Number timestamp) {

	static OfferResponse of(Offer offer) {
		return new OfferResponse(offer.candyId(), offer.storeId(), PriceRules.centsToPrice(offer.priceCents()),
				seconds(offer.timestampMillis()));
	}

	private static Number seconds(long millis) {
		return (millis % 1000 == 0) ? (Number) (millis / 1000) : BigDecimal.valueOf(millis, 3);
	}

}
