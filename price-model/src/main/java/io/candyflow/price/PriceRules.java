package io.candyflow.price;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * The limits of the wire format, in one place (see DESIGN.md, "The price update").
 */
public final class PriceRules {

	/** Longest candy or store identifier, in characters after trimming. */
	public static final int MAX_ID_LENGTH = 64;

	/** Highest price accepted: 1,000,000.00. */
	public static final long MAX_PRICE_CENTS = 100_000_000L;

	/** Earliest event time accepted. */
	public static final Instant MIN_TIMESTAMP = Instant.parse("2000-01-01T00:00:00Z");

	/**
	 * How far in the future an event time may be. A record far in the future would pin a
	 * current offer forever, because no later update could ever be newer.
	 */
	public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

	/** Most updates in one {@code POST /prices}. */
	public static final int MAX_BATCH_ITEMS = 10_000;

	private PriceRules() {
	}

	/**
	 * Converts cents to the decimal written on the wire ({@code 235 -> 2.35},
	 * {@code 200 -> 2}).
	 * @param cents the price in cents
	 * @return the decimal price with trailing zeros removed
	 */
	public static BigDecimal centsToPrice(long cents) {
		BigDecimal price = BigDecimal.valueOf(cents, 2).stripTrailingZeros();
		return (price.scale() < 0) ? price.setScale(0) : price;
	}

}
