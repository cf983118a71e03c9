package io.candyflow.consumer.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import io.candyflow.consumer.store.CandySummary;
import io.candyflow.consumer.store.Offer;
import io.candyflow.consumer.store.StoreStats;
import io.candyflow.consumer.web.JsonOutput;
import io.candyflow.price.PriceRules;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes write the bytes Jackson writes for the documented response types: random
 * offers, summaries and stats through both, compared byte for byte. Each case is a seed.
 */
class OfferJsonTests {

	/**
	 * As the application's mapper names fields
	 * ({@code spring.jackson.property-naming-strategy}).
	 */
	private static final JsonMapper jackson = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	static LongStream seeds() {
		return LongStream.range(0, 2000);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void writesWhatJacksonWrites(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<Offer> offers = new ArrayList<>();
		for (int i = random.nextInt(0, 4); i > 0; i--) {
			offers.add(new Offer(id(random), id(random), cents(random), millis(random)));
		}
		assertSame(offers.stream().map(OfferResponse::of).toList(), (out) -> OfferJson.offers(out, offers));
		if (!offers.isEmpty()) {
			assertSame(OfferResponse.of(offers.get(0)), (out) -> OfferJson.offer(out, offers.get(0)));
		}
		List<CandySummary> candies = new ArrayList<>();
		for (int i = random.nextInt(0, 3); i > 0; i--) {
			int stores = random.nextInt(1, 2000);
			long min = cents(random);
			long max = min + random.nextLong(0, PriceRules.MAX_PRICE_CENTS - min + 1);
			long sum = min + max + (stores - 2L) * random.nextLong(min, max + 1);
			candies.add(new CandySummary(id(random), stores, min, max, (stores == 1) ? min : sum, id(random)));
		}
		assertSame(candies.stream().map(CandyResponse::of).toList(), (out) -> OfferJson.candies(out, candies));
		StoreStats stats = new StoreStats(random.nextLong(0, Long.MAX_VALUE), random.nextInt(), random.nextInt(10), 0,
				random.nextLong(), 1, random.nextLong(0, 1L << 40), random.nextInt(100), Long.MAX_VALUE);
		assertSame(stats, (out) -> OfferJson.stats(out, stats));
	}

	private static void assertSame(Object value, Consumer<JsonOutput> writer) {
		ByteBuf buffer = Unpooled.buffer(16);
		try {
			writer.accept(new JsonOutput(buffer));
			assertThat(buffer.toString(StandardCharsets.UTF_8)).isEqualTo(jackson.writeValueAsString(value));
		}
		finally {
			buffer.release();
		}
	}

	private static long cents(SplittableRandom random) {
		return switch (random.nextInt(4)) {
			case 0 -> random.nextLong(1, 100);
			case 1 -> random.nextLong(1, 100) * 100;
			case 2 -> random.nextLong(1, 100) * 10;
			default -> random.nextLong(1, PriceRules.MAX_PRICE_CENTS + 1);
		};
	}

	private static long millis(SplittableRandom random) {
		long seconds = random.nextLong(946_684_800L, 4_102_444_800L);
		return switch (random.nextInt(3)) {
			case 0 -> seconds * 1000;
			case 1 -> seconds * 1000 + random.nextInt(1, 1000);
			default -> seconds * 1000 + random.nextInt(1, 10) * 100;
		};
	}

	/**
	 * Ids as the wire format allows them: any text but control characters, 1 to 64 long.
	 */
	private static String id(SplittableRandom random) {
		StringBuilder id = new StringBuilder();
		int length = random.nextInt(1, 65);
		for (int i = 0; i < length; i++) {
			int kind = random.nextInt(10);
			if (kind < 5) {
				id.append((char) random.nextInt(0x20, 0x7F));
			}
			else if (kind < 6) {
				id.append(random.nextBoolean() ? '"' : '\\');
			}
			else if (kind < 8) {
				id.appendCodePoint(random.nextInt(0xA0, 0xD7FF));
			}
			else if (kind < 9) {
				id.appendCodePoint(random.nextInt(0x10000, 0x10FFFF));
			}
			else {
				id.append(random.nextBoolean() ? '\u2028' : '\u00e9');
			}
		}
		return id.toString();
	}

}
