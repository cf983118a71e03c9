package io.candyflow.price;

/**
 * The fast path of {@link PriceUpdateCodec#scan}: a scanner for the one shape nearly
 * every record on the topic has, the one the producer writes,
 * {@code {"candy_id":"Candy1","store_id":"Store3","price":2.35,"timestamp":1700000000}}:
 * those four fields in that order, no whitespace, ids of printable ASCII without escapes
 * or surrounding spaces, a price with at most two decimals and no exponent, whole Unix
 * seconds.
 * <p>
 * It never rejects. A record it accepts is one that Jackson's path accepts with the same
 * values, because it checks every rule of DESIGN.md on the way; anything else, valid or
 * not (another field order, whitespace, escapes, unknown fields, an ISO-8601 time, a rule
 * broken), is left to Jackson's path, which gives the verdict and the reason. So both
 * paths reject the same records for the same reasons by construction, and
 * {@code PriceUpdateScannerFuzzTests} checks that every record the scanner accepts is one
 * Jackson accepts, with the same values.
 */
final class PriceUpdateScanner {

	private static final byte[] CANDY_ID = ascii("{\"candy_id\":\"");

	private static final byte[] STORE_ID = ascii("\",\"store_id\":\"");

	private static final byte[] PRICE = ascii("\",\"price\":");

	private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");

	/** Digits of the largest whole price, 1000000. */
	private static final int MAX_PRICE_DIGITS = 7;

	/** Enough for any event time before the year 33658; more is left to Jackson. */
	private static final int MAX_SECONDS_DIGITS = 12;

	private static final long MIN_SECONDS = PriceRules.MIN_TIMESTAMP.getEpochSecond();

	private static final long MAX_SKEW_MILLIS = PriceRules.MAX_CLOCK_SKEW.toMillis();

	private PriceUpdateScanner() {
	}

	/**
	 * Reads a record of the common shape.
	 * @return {@code true} if {@code into} now holds the record's valid update,
	 * {@code false} if the record must go through Jackson's path
	 */
	static boolean scan(byte[] json, long nowMillis, RawPriceUpdate into) {
		if (json == null || !matches(json, 0, CANDY_ID)) {
			return false;
		}
		int candyStart = CANDY_ID.length;
		int candyEnd = idEnd(json, candyStart);
		if (candyEnd < 0 || !matches(json, candyEnd, STORE_ID)) {
			return false;
		}
		int storeStart = candyEnd + STORE_ID.length;
		int storeEnd = idEnd(json, storeStart);
		if (storeEnd < 0 || !matches(json, storeEnd, PRICE)) {
			return false;
		}
		int at = storeEnd + PRICE.length;
		// price: a whole part without a leading zero (JSON forbids one), then at most two
		// decimals; no sign, no exponent
		int wholeEnd = digitsEnd(json, at, MAX_PRICE_DIGITS);
		if (wholeEnd < 0) {
			return false;
		}
		long cents = number(json, at, wholeEnd) * 100;
		at = wholeEnd;
		if (at < json.length && json[at] == '.') {
			int fractionEnd = fractionEnd(json, at + 1);
			if (fractionEnd < 0) {
				return false;
			}
			long fraction = number(json, at + 1, fractionEnd);
			cents += (fractionEnd - at - 1 == 1) ? fraction * 10 : fraction;
			at = fractionEnd;
		}
		if (cents <= 0 || cents > PriceRules.MAX_PRICE_CENTS || !matches(json, at, TIMESTAMP)) {
			return false;
		}
		at += TIMESTAMP.length;
		int secondsEnd = digitsEnd(json, at, MAX_SECONDS_DIGITS);
		// the object's end must be the record's end
		if (secondsEnd < 0 || secondsEnd != json.length - 1 || json[secondsEnd] != '}') {
			return false;
		}
		long seconds = number(json, at, secondsEnd);
		long millis = seconds * 1000;
		if (seconds < MIN_SECONDS || millis > nowMillis + MAX_SKEW_MILLIS) {
			return false;
		}
		into.set(json, candyStart, candyEnd - candyStart, hash(json, candyStart, candyEnd), storeStart,
				storeEnd - storeStart, hash(json, storeStart, storeEnd), cents, millis);
		return true;
	}

	/**
	 * Where an id's closing quote is, for an id of 1 to 64 printable ASCII characters
	 * that has no escape and does not start or end with a space (which trimming would
	 * remove).
	 * @return the index of the closing quote, or -1
	 */
	private static int idEnd(byte[] json, int start) {
		int limit = Math.min(json.length, start + PriceRules.MAX_ID_LENGTH + 1);
		for (int i = start; i < limit; i++) {
			byte b = json[i];
			if (b == '"') {
				return (i > start && json[start] != ' ' && json[i - 1] != ' ') ? i : -1;
			}
			// below 0x20 and 0x7F are control characters, above are not ASCII
			if (b < 0x20 || b > 0x7E || b == '\\') {
				return -1;
			}
		}
		return -1;
	}

	/**
	 * The end of 1 to {@code maxDigits} digits at {@code start} that do not start with a
	 * zero, or are just "0".
	 * @return the index after the last digit, or -1
	 */
	private static int digitsEnd(byte[] json, int start, int maxDigits) {
		if (start >= json.length || !isDigit(json[start])) {
			return -1;
		}
		if (json[start] == '0') {
			return (start + 1 < json.length && isDigit(json[start + 1])) ? -1 : start + 1;
		}
		int limit = Math.min(json.length, start + maxDigits);
		int i = start + 1;
		while (i < limit && isDigit(json[i])) {
			i++;
		}
		return (i < json.length && isDigit(json[i])) ? -1 : i;
	}

	/**
	 * The end of one or two decimals at {@code start}; a third digit or none is -1.
	 */
	private static int fractionEnd(byte[] json, int start) {
		if (start >= json.length || !isDigit(json[start])) {
			return -1;
		}
		int end = (start + 1 < json.length && isDigit(json[start + 1])) ? start + 2 : start + 1;
		return (end < json.length && isDigit(json[end])) ? -1 : end;
	}

	private static boolean isDigit(byte b) {
		return b >= '0' && b <= '9';
	}

	private static long number(byte[] json, int start, int end) {
		long value = 0;
		for (int i = start; i < end; i++) {
			value = value * 10 + (json[i] - '0');
		}
		return value;
	}

	private static int hash(byte[] json, int start, int end) {
		return RawPriceUpdate.hash(json, start, end - start);
	}

	private static boolean matches(byte[] json, int at, byte[] expected) {
		return at + expected.length <= json.length
				&& java.util.Arrays.equals(json, at, at + expected.length, expected, 0, expected.length);
	}

	private static byte[] ascii(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
	}

}
