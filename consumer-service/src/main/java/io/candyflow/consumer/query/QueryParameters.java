package io.candyflow.consumer.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import io.candyflow.consumer.web.InvalidParameterException;
import io.candyflow.price.PriceRules;

/**
 * Checks query parameters with the same rules the wire format applies to ids, so that a
 * query can only name something that could exist.
 */
final class QueryParameters {

	/** {@code limit} when none is given. */
	static final int DEFAULT_LIMIT = 100;

	/** The largest {@code limit}: bounds every answer's size. */
	static final int MAX_LIMIT = 10_000;

	private QueryParameters() {
	}

	/**
	 * An optional id parameter.
	 * @return the trimmed id, or {@code null} if absent
	 */
	static String optionalId(String name, String value) {
		return (value != null) ? id(name, value) : null;
	}

	/**
	 * Parses {@code limit}: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} if absent.
	 */
	static int limit(String value) {
		if (value == null) {
			return DEFAULT_LIMIT;
		}
		long limit;
		try {
			limit = Long.parseLong(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidParameterException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidParameterException("limit", "must be from 1 to " + MAX_LIMIT + " (was " + limit + ")");
		}
		return (int) limit;
	}

	/**
	 * Parses a time: Unix seconds (a fraction allowed) or an ISO-8601 instant.
	 * @return Unix milliseconds, or {@code absent} if the parameter is absent
	 */
	static long time(String name, String value, long absent) {
		if (value == null) {
			return absent;
		}
		String text = value.strip();
		try {
			return new BigDecimal(text).movePointRight(3).longValueExact();
		}
		catch (NumberFormatException | ArithmeticException ex) {
			// not a number of seconds: an instant, then
		}
		try {
			return Instant.parse(text).toEpochMilli();
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			// not in UTC: an instant with an offset, then
		}
		try {
			return OffsetDateTime.parse(text).toInstant().toEpochMilli();
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			throw new InvalidParameterException(name,
					"must be Unix seconds or an ISO-8601 instant such as 2023-11-14T22:13:20Z");
		}
	}

	/**
	 * Trims and checks an id parameter.
	 * @param name the parameter name, for the error
	 * @param value the raw value
	 * @return the trimmed id
	 * @throws InvalidParameterException if it cannot be an id
	 */
	static String id(String name, String value) {
		String id = value.strip();
		String violation = PriceRules.idViolation(id);
		if (violation != null) {
			throw new InvalidParameterException(name, violation);
		}
		return id;
	}

}
