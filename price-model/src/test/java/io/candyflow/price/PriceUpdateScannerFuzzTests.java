package io.candyflow.price;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A differential fuzz of the consumer's two decoding paths: seeded random records, most
 * of them close to the common shape and near the rules' limits, and random mutations of
 * valid records, through the scanner and through Jackson. For every one, the record the
 * consumer ends up with (the scanner's, or Jackson's where the scanner leaves it) must be
 * exactly Jackson's verdict: the same update, or the same violations. The scanner never
 * rejects, so this comes down to: whatever the scanner reads, Jackson accepts with the
 * same values.
 * <p>
 * Seeded, so a failure names its case and replays the same way.
 */
class PriceUpdateScannerFuzzTests {

	private static final long SEED = 0x14_5CA9L;

	private static final int RANDOM_CASES = 6_000;

	private static final int MUTATED_CASES = 6_000;

	private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

	private static final long NOW_SECONDS = NOW.getEpochSecond();

	private final PriceUpdateCodec codec = new PriceUpdateCodec(Clock.fixed(NOW, ZoneOffset.UTC));

	private final RawPriceUpdate raw = new RawPriceUpdate();

	private int scanned;

	private int rejected;

	@Test
	void bothPathsGiveTheSameVerdictOnRandomAndMutatedRecords() {
		SplittableRandom random = new SplittableRandom(SEED);
		for (int i = 0; i < RANDOM_CASES; i++) {
			check("random " + i, randomRecord(random));
		}
		int scannedRandom = this.scanned;
		for (int i = 0; i < MUTATED_CASES; i++) {
			check("mutated " + i, mutate(random, validRecord(random)));
		}
		// not vacuous: both paths and both verdicts were exercised, on both kinds of case
		assertThat(scannedRandom).as("random records the scanner read").isGreaterThan(RANDOM_CASES / 10);
		assertThat(this.scanned - scannedRandom).as("mutated records the scanner read")
			.isGreaterThan(MUTATED_CASES / 20);
		assertThat(this.rejected).as("records rejected").isGreaterThan((RANDOM_CASES + MUTATED_CASES) / 5);
	}

	private void check(String name, byte[] json) {
		long now = NOW.toEpochMilli();
		PriceUpdate expected = null;
		List<Violation> violations = null;
		try {
			expected = this.codec.decode(json, now);
		}
		catch (InvalidPriceUpdateException ex) {
			violations = ex.getViolations();
			this.rejected++;
		}
		boolean read = this.codec.scan(json, now, this.raw);
		if (read) {
			this.scanned++;
		}
		// what the consumer does: the scanner first, Jackson for what it leaves
		PriceUpdate actual = null;
		List<Violation> actualViolations = null;
		if (read) {
			actual = this.raw.toPriceUpdate();
		}
		else {
			try {
				actual = this.codec.decode(json, now);
			}
			catch (InvalidPriceUpdateException ex) {
				actualViolations = ex.getViolations();
			}
		}
		if (!java.util.Objects.equals(expected, actual) || !java.util.Objects.equals(violations, actualViolations)) {
			fail("%s: %s%n  Jackson: %s%n  consumer: %s", name, new String(json, StandardCharsets.UTF_8),
					(expected != null) ? expected : violations, (actual != null) ? actual : actualViolations);
		}
	}

	/**
	 * A record of the common shape most of the time, with each field drawn near its
	 * limits; sometimes another shape.
	 */
	private static byte[] randomRecord(SplittableRandom random) {
		String candy = "\"candy_id\":" + id(random);
		String store = "\"store_id\":" + id(random);
		String price = "\"price\":" + price(random);
		String timestamp = "\"timestamp\":" + timestamp(random);
		String json;
		switch (random.nextInt(10)) {
			case 0 -> json = "{" + store + "," + candy + "," + price + "," + timestamp + "}";
			case 1 -> json = "{ " + candy + ", " + store + ", " + price + ", " + timestamp + " }";
			case 2 -> json = "{" + candy + "," + store + "," + price + "," + timestamp + ",\"extra\":[1]}";
			case 3 -> json = "{" + candy + "," + store + "," + price + "}";
			case 4 -> json = "{" + candy + "," + store + "," + price + "," + timestamp + "," + candy + "}";
			default -> json = "{" + candy + "," + store + "," + price + "," + timestamp + "}";
		}
		return json.getBytes(StandardCharsets.UTF_8);
	}

	private static String id(SplittableRandom random) {
		if (random.nextInt(3) != 0) {
			return "\"" + plainId(random) + "\"";
		}
		return switch (random.nextInt(20)) {
			case 0 -> "42";
			case 1 -> "null";
			case 2 -> "\"\"";
			case 3 -> "\"" + "x".repeat(random.nextInt(60, 70)) + "\"";
			case 4 -> "\" " + plainId(random) + "\"";
			case 5 -> "\"" + plainId(random) + " \"";
			case 6 -> "\"" + plainId(random) + "\\u00" + "0123456789abcdef".charAt(random.nextInt(16)) + "1\"";
			case 7 -> "\"" + plainId(random) + (char) random.nextInt(0, 0x21) + plainId(random) + "\"";
			case 8 -> "\"" + plainId(random) + (char) random.nextInt(0x7F, 0x2100) + "\"";
			case 9 -> "\"a\\\"b\"";
			default -> "\"" + plainId(random) + "\"";
		};
	}

	private static String plainId(SplittableRandom random) {
		StringBuilder id = new StringBuilder();
		int length = random.nextInt(1, 12);
		for (int i = 0; i < length; i++) {
			// printable ASCII without the quote and the backslash
			char c = (char) random.nextInt(0x21, 0x7F);
			id.append((c == '"' || c == '\\') ? 'q' : c);
		}
		return id.toString();
	}

	private static String price(SplittableRandom random) {
		if (random.nextInt(3) != 0) {
			return random.nextInt(0, 1_000_001) + ((random.nextBoolean()) ? "" : "." + random.nextInt(0, 100));
		}
		return switch (random.nextInt(24)) {
			case 0 -> "0";
			case 1 -> "0.00";
			case 2 -> "0.01";
			case 3 -> "1000000";
			case 4 -> "1000000.00";
			case 5 -> "1000000.01";
			case 6 -> "9999999";
			case 7 -> "10000000";
			case 8 -> "-" + random.nextInt(1, 100);
			case 9 -> random.nextInt(1, 100) + "." + random.nextInt(100, 10000);
			case 10 -> "0" + random.nextInt(0, 10);
			case 11 -> random.nextInt(1, 10) + "e" + random.nextInt(0, 3);
			case 12 -> random.nextInt(1, 10) + ".";
			case 13 -> "." + random.nextInt(1, 10);
			case 14 -> "\"" + random.nextInt(1, 10) + "\"";
			case 15 -> "null";
			case 16 -> random.nextInt(1, 100) + "." + random.nextInt(0, 10) + "0";
			case 17 -> "00.5";
			case 18 -> random.nextLong(1, 100_000_000_000L) + "";
			default -> random.nextInt(0, 1_000_001) + ((random.nextBoolean()) ? "" : "." + random.nextInt(0, 100));
		};
	}

	private static String timestamp(SplittableRandom random) {
		long min = PriceRules.MIN_TIMESTAMP.getEpochSecond();
		if (random.nextInt(3) != 0) {
			return Long.toString(NOW_SECONDS - random.nextLong(0, 20L * 365 * 86400));
		}
		return switch (random.nextInt(16)) {
			case 0 -> Long.toString(min + random.nextInt(-2, 3));
			case 1 -> Long.toString(NOW_SECONDS + 300 + random.nextInt(-2, 3));
			case 2 -> "0";
			case 3 -> "-" + NOW_SECONDS;
			case 4 -> "0" + NOW_SECONDS;
			case 5 -> NOW_SECONDS + ".5";
			case 6 -> NOW_SECONDS + "e0";
			case 7 -> "\"" + Instant.ofEpochSecond(NOW_SECONDS - random.nextInt(0, 100_000)) + "\"";
			case 8 -> "99999999999999999999";
			case 9 -> Long.toString(random.nextLong(1_000_000_000_000L, 10_000_000_000_000L));
			case 10 -> "null";
			default -> Long.toString(NOW_SECONDS - random.nextLong(0, 20L * 365 * 86400));
		};
	}

	private static byte[] validRecord(SplittableRandom random) {
		String json = "{\"candy_id\":\"" + plainId(random) + "\",\"store_id\":\"" + plainId(random) + "\",\"price\":"
				+ random.nextInt(1, 1_000_000) + "." + random.nextInt(10, 100) + ",\"timestamp\":"
				+ (NOW_SECONDS - random.nextInt(0, 1_000_000)) + "}";
		return json.getBytes(StandardCharsets.UTF_8);
	}

	private static final byte[] INTERESTING = "\"\\.0159-+eE ,:}{[]nNu\t\n\u007f".getBytes(StandardCharsets.UTF_8);

	/**
	 * One random edit, sometimes two or three: a byte changed, inserted, deleted or
	 * repeated, or a cut.
	 */
	private static byte[] mutate(SplittableRandom random, byte[] json) {
		byte[] mutated = json;
		int edits = (random.nextInt(4) == 0) ? random.nextInt(2, 4) : 1;
		for (int e = 0; e < edits && mutated.length > 0; e++) {
			int at = random.nextInt(mutated.length);
			mutated = switch (random.nextInt(6)) {
				case 0 -> replace(mutated, at, interesting(random));
				case 1 -> insert(mutated, at, interesting(random));
				case 2 -> delete(mutated, at);
				case 3 -> insert(mutated, at, mutated[at]);
				case 4 -> replace(mutated, at, (byte) random.nextInt(256));
				default -> Arrays.copyOf(mutated, at);
			};
		}
		return mutated;
	}

	private static byte interesting(SplittableRandom random) {
		return (random.nextInt(4) == 0) ? (byte) random.nextInt('0', '9' + 1)
				: INTERESTING[random.nextInt(INTERESTING.length)];
	}

	private static byte[] replace(byte[] json, int at, byte value) {
		byte[] copy = json.clone();
		copy[at] = value;
		return copy;
	}

	private static byte[] insert(byte[] json, int at, byte value) {
		byte[] copy = new byte[json.length + 1];
		System.arraycopy(json, 0, copy, 0, at);
		copy[at] = value;
		System.arraycopy(json, at, copy, at + 1, json.length - at);
		return copy;
	}

	private static byte[] delete(byte[] json, int at) {
		byte[] copy = new byte[json.length - 1];
		System.arraycopy(json, 0, copy, 0, at);
		System.arraycopy(json, at + 1, copy, at, json.length - at - 1);
		return copy;
	}

}
