package io.candyflow.producer;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random request bodies for the fuzz tests: JSON built from fragments (right and wrong
 * types, extreme numbers, odd strings, nesting), and now and then raw bytes.
 */
public final class RandomBodies {

	private static final String[] FIELDS = { "candy_id", "store_id", "price", "timestamp", "enabled", "rate", "candies",
			"stores", "other", "" };

	private static final String[] VALUES = { "\"Candy1\"", "\"\"", "\" \"", "0", "-1", "1", "2.35", "2.355", "1e400",
			"-1e400", "1e-400", "99999999999999999999999", "1700000000", "4102444800", "\"2023-11-14T22:13:20Z\"",
			"\"nonsense\"", "true", "false", "null", "[]", "{}", "[1,[2,[3]]]", "{\"a\":{\"b\":{}}}", "\"\\u0000\"",
			"\"\\ud800\"", "\"" + "x".repeat(100) + "\"", "1000000", "1000000.01", "100000", "2147483648" };

	private RandomBodies() {
	}

	/**
	 * Sends the body of case {@code seed} and asserts the answer is not a 5xx.
	 */
	public static void assertNoServerError(MockMvcTester mvc, HttpMethod method, String path, long seed) {
		byte[] body = next(new SplittableRandom(seed));
		int status = mvc.method(method)
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange()
			.getResponse()
			.getStatus();
		assertThat(status).as(new String(body, StandardCharsets.UTF_8)).isBetween(200, 499);
	}

	public static byte[] next(SplittableRandom random) {
		return (random.nextInt(5) == 0) ? randomBytes(random) : json(random, 0).getBytes(StandardCharsets.UTF_8);
	}

	private static String json(SplittableRandom random, int depth) {
		int kind = random.nextInt(10);
		if (kind < 6 || depth > 2) {
			StringBuilder object = new StringBuilder("{");
			int fields = random.nextInt(0, 6);
			for (int i = 0; i < fields; i++) {
				object.append((i > 0) ? "," : "")
					.append('"')
					.append(FIELDS[random.nextInt(FIELDS.length)])
					.append("\":")
					.append((random.nextInt(8) == 0 && depth < 2) ? json(random, depth + 1)
							: VALUES[random.nextInt(VALUES.length)]);
			}
			return object.append('}').toString();
		}
		if (kind < 9) {
			StringBuilder array = new StringBuilder("[");
			int items = random.nextInt(0, 5);
			for (int i = 0; i < items; i++) {
				array.append((i > 0) ? "," : "").append(json(random, depth + 1));
			}
			return array.append(']').toString();
		}
		return VALUES[random.nextInt(VALUES.length)];
	}

	private static byte[] randomBytes(SplittableRandom random) {
		byte[] bytes = new byte[random.nextInt(0, 64)];
		random.nextBytes(bytes);
		return bytes;
	}

}
