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
	 * Checks a candy or store id, already trimmed, against the rules of the wire format.
	 * @param id the trimmed id
	 * @return what is wrong with it, or {@code null} if it is a valid id
	 */
	public static String idViolation(String id) {
		if (id.isEmpty()) {
			return "must not be blank";
		}
		int length = id.codePointCount(0, id.length());
		if (length > MAX_ID_LENGTH) {
			return "must be at most " + MAX_ID_LENGTH + " characters long (was " + length + ")";
		}
		for (int i = 0; i < id.length(); i++) {
			if (Character.isISOControl(id.charAt(i))) {
				return "must not contain control characters";
			}
		}
		return null;
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
