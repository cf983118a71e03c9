package io.candyflow.consumer.query;

import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.candyflow.consumer.store.CandySummary;
import io.candyflow.price.PriceRules;

/**
 * One candy's current offers in brief.
 *
 * @param candyId the candy
 * @param stores how many stores have a current offer
 * @param min the lowest current price
 * @param max the highest current price
 * @param avg the average current price, to four decimal places
 * @param cheapestStore the store with the lowest price
 */
record CandyResponse(String candyId, int stores, BigDecimal min, BigDecimal max, BigDecimal avg, String cheapestStore) {

	static CandyResponse of(CandySummary summary) {
		return new CandyResponse(summary.candyId(), summary.stores(), PriceRules.centsToPrice(summary.minCents()),
				PriceRules.centsToPrice(summary.maxCents()), average(summary), summary.cheapestStore());
	}

	/**
	 * The average current price, to four decimal places, without trailing zeros.
	 * @param summary the candy's summary
	 * @return the average
	 */
	static BigDecimal average(CandySummary summary) {
		BigDecimal avg = BigDecimal.valueOf(summary.sumCents(), 2)
			.divide(BigDecimal.valueOf(summary.stores()), 4, RoundingMode.HALF_EVEN)
			.stripTrailingZeros();
		return (avg.scale() < 0) ? avg.setScale(0) : avg;
	}

}
