package io.candyflow.consumer.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import io.candyflow.consumer.web.BothStacks;
import io.candyflow.consumer.web.RawHttp.Answer;
import io.candyflow.consumer.web.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random query strings at every endpoint, through both stacks: the answer is always 2xx
 * or 4xx, never 5xx, and the routes answer exactly what WebFlux's controllers answer —
 * status, content type and bytes. Each case is a seed, so a failure replays.
 */
@WebTest
@Import(QueryTestStore.class)
class QueryFuzzTests {

	private static final String[] PATHS = { "/cheapest", "/offers", "/candies", "/history", "/stats", "/export" };

	private static final String[] PARAMETERS = { "candy_id", "store_id", "limit", "from", "to", "other" };

	private static final String[] VALUES = { "Candy1", "Candy2", "Store1", "Store2", " Candy1", "", " ", "0", "-1", "1",
			"2", "10000", "10001", "99999999999999999999", "1e400", "NaN", "1700000000", "1700000000.5", "-62135596800",
			"2023-11-14T22:13:20Z", "2023-11-14T22:13:20+25:00", "9999-12-31T23:59:59Z", "+1000000000-01-01T00:00:00Z",
			"\u0000", "\u0007bell", "é\u200bø", "x".repeat(65), "x".repeat(2000), "%", "%%", "[]", "{}", "null",
			"Candy1\"", "\\" };

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	private BothStacks stacks;

	@BeforeEach
	void stacks() {
		this.stacks = new BothStacks(this.port, this.context);
	}

	static LongStream seeds() {
		return LongStream.range(0, 400);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void neverAnswers5xxAndBothStacksAgree(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		StringBuilder uri = new StringBuilder(PATHS[random.nextInt(PATHS.length)]);
		int parameters = random.nextInt(0, 5);
		for (int i = 0; i < parameters; i++) {
			uri.append((i == 0) ? '?' : '&')
				.append(PARAMETERS[random.nextInt(PARAMETERS.length)])
				.append('=')
				.append(URLEncoder.encode(value(random), StandardCharsets.UTF_8));
		}
		String target = uri.toString();
		Answer routes = this.stacks.routes("GET", target);
		Answer webflux = this.stacks.webflux("GET", target);
		assertThat(routes.status()).as(target).isBetween(200, 499);
		assertThat(routes.status()).as(target).isEqualTo(webflux.status());
		assertThat(routes.header("Content-Type")).as(target).isEqualTo(webflux.header("Content-Type"));
		assertThat(routes.body()).as(target).isEqualTo(webflux.body());
	}

	private static String value(SplittableRandom random) {
		if (random.nextInt(4) > 0) {
			return VALUES[random.nextInt(VALUES.length)];
		}
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(0, 40);
		for (int i = 0; i < length; i++) {
			text.appendCodePoint(random.nextInt(0, 0x2FFF));
		}
		return text.toString();
	}

}
