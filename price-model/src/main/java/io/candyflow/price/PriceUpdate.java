package io.candyflow.price;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One observation: candy {@code candyId} costs {@code priceCents / 100} at store
 * {@code storeId} at event time {@code timestampMillis}.
 * <p>
 * Prices are integer cents so that they are kept exactly; the wire format allows at most
 * two decimal places, so nothing is lost.
 *
 * @param candyId trimmed candy identifier
 * @param storeId trimmed store identifier
 * @param priceCents price in cents, {@code 1..100_000_000}
 * @param timestampMillis event time in Unix milliseconds (UTC)
 */
public record PriceUpdate(String candyId, String storeId, long priceCents, long timestampMillis) {

	/**
	 * The price as a decimal with its trailing zeros removed, as written on the wire.
	 * @return the price
	 */
	public BigDecimal price() {
		return PriceRules.centsToPrice(this.priceCents);
	}

	/**
	 * The event time.
	 * @return the event time as an instant
	 */
	public Instant timestamp() {
		return Instant.ofEpochMilli(this.timestampMillis);
	}

}
