package io.candyflow.price;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PriceUpdateCodecTests {

	private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

	private final PriceUpdateCodec codec = new PriceUpdateCodec(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void decodesTheOriginalCandyFlowFormat() {
		PriceUpdate update = decode(
				"{\"candy_id\":\"Candy1\",\"store_id\":\"Store3\",\"price\":2.35,\"timestamp\":1700000000}");
		assertThat(update).isEqualTo(new PriceUpdate("Candy1", "Store3", 235, 1_700_000_000_000L));
	}

	@Test
	void acceptsIsoInstantsTrimsIdsAndIgnoresUnknownFields() {
		PriceUpdate update = decode(
				"{\"extra\":{\"a\":[1,2]},\"candy_id\":\"  Candy1 \",\"store_id\":\"S\",\"price\":2.5,\"timestamp\":\"2023-11-14T22:13:20.250Z\"}");
		assertThat(update).isEqualTo(new PriceUpdate("Candy1", "S", 250, 1_700_000_000_250L));
	}

	@Test
	void acceptsIsoInstantsWithAnOffset() {
		assertThat(decode(
				"{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":1,\"timestamp\":\"2023-11-15T00:13:20+02:00\"}")
			.timestampMillis()).isEqualTo(1_700_000_000_000L);
	}

	@ParameterizedTest
	@CsvSource({ "1, 100", "0.01, 1", "2.50, 250", "2.350, 235", "1000000, 100000000", "1e2, 10000" })
	void keepsPricesExactlyInCents(String price, long cents) {
		assertThat(decode(update("\"C\"", "\"S\"", price, "1700000000")).priceCents()).isEqualTo(cents);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "0|must be greater than 0", "-1.5|must be greater than 0",
					"2.355|must have at most 2 decimal places", "1000000.01|must be at most 1000000",
					"\"2.35\"|must be a JSON number", "null|is required", "1e400|must be at most 1000000" })
	void rejectsBadPrices(String price, String reason) {
		assertViolation(update("\"C\"", "\"S\"", price, "1700000000"), "price", reason);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "946684799|must not be before 2000-01-01T00:00:00Z",
					"1717243501|must not be more than 5 minutes in the future", "99999999999999999999|is out of range",
					"1700000000.5|must be whole Unix seconds or an ISO-8601 instant",
					"\"yesterday\"|must be Unix seconds or an ISO-8601 instant such as 2023-11-14T22:13:20Z",
					"\"3000-01-01T00:00:00Z\"|must not be more than 5 minutes in the future",
					"true|must be Unix seconds or an ISO-8601 instant" })
	void rejectsBadTimestamps(String timestamp, String reason) {
		assertViolation(update("\"C\"", "\"S\"", "1", timestamp), "timestamp", reason);
	}

	@Test
	void acceptsATimestampJustInsideTheFutureLimit() {
		long limit = NOW.plusSeconds(300).getEpochSecond();
		assertThat(decode(update("\"C\"", "\"S\"", "1", Long.toString(limit))).timestampMillis())
			.isEqualTo(limit * 1000);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "\"  \"|must not be blank", "42|must be a string", "null|is required",
					"\"a\\u0000b\"|must not contain control characters",
					"\"line\\nbreak\"|must not contain control characters" })
	void rejectsBadIds(String id, String reason) {
		assertViolation(update(id, "\"S\"", "1", "1700000000"), "candy_id", reason);
		assertViolation(update("\"C\"", id, "1", "1700000000"), "store_id", reason);
	}

	@Test
	void limitsIdsTo64Characters() {
		String ok = "x".repeat(64);
		assertThat(decode(update("\"" + ok + "\"", "\"S\"", "1", "1700000000")).candyId()).isEqualTo(ok);
		assertViolation(update("\"" + ok + "y\"", "\"S\"", "1", "1700000000"), "candy_id",
				"must be at most 64 characters long (was 65)");
	}

	@Test
	void requiresEveryFieldOnTheTopic() {
		assertThatExceptionOfType(InvalidPriceUpdateException.class).isThrownBy(() -> decode("{}"))
			.satisfies((ex) -> assertThat(ex.getViolations()).extracting(Violation::field)
				.containsExactly("candy_id", "store_id", "price", "timestamp"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not json", "[1,2]", "{\"candy_id\":", "{\"price\":NaN}", "{} {}", "\"text\"" })
	void rejectsDocumentsThatAreNotOneJsonObject(String json) {
		assertThatExceptionOfType(InvalidPriceUpdateException.class).isThrownBy(() -> decode(json))
			.satisfies((ex) -> assertThat(ex.getViolations()).extracting(Violation::field).contains("$"));
	}

	@Test
	void requestStampsAMissingTimestampWithNow() {
		List<PriceUpdate> updates = this.codec
			.decodeRequest(bytes("{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":1.25}"));
		assertThat(updates).containsExactly(new PriceUpdate("C", "S", 125, NOW.toEpochMilli()));
	}

	@Test
	void requestReportsEveryViolationOfASingleUpdate() {
		assertThatExceptionOfType(InvalidPriceUpdateException.class)
			.isThrownBy(() -> this.codec.decodeRequest(bytes("{\"candy_id\":\"C\",\"price\":-1}")))
			.satisfies((ex) -> assertThat(ex.getViolations()).containsExactly(
					new Violation(-1, "price", "must be greater than 0"),
					new Violation(-1, "store_id", "is required")));
	}

	@Test
	void requestTreatsANullTimestampAsAbsent() {
		assertThat(this.codec
			.decodeRequest(bytes("{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":1,\"timestamp\":null}")))
			.containsExactly(new PriceUpdate("C", "S", 100, NOW.toEpochMilli()));
		assertViolation("{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":1,\"timestamp\":null}", "timestamp",
				"is required");
	}

	@Test
	void judgesTheFutureAgainstTheGivenTimeWhenThereIsOne() {
		String json = update("\"C\"", "\"S\"", "1", Long.toString(NOW.plusSeconds(600).getEpochSecond()));
		assertThatExceptionOfType(InvalidPriceUpdateException.class).isThrownBy(() -> decode(json));
		assertThat(decode(json, NOW.plusSeconds(400).toEpochMilli()).timestampMillis())
			.isEqualTo(NOW.plusSeconds(600).toEpochMilli());
	}

	@Test
	void requestAcceptsAnArrayAndNamesEveryBadItem() {
		String body = "[" + update("\"C\"", "\"S\"", "1", "1700000000") + ", 7, "
				+ update("\"C\"", "\"S\"", "-1", "1700000000")
				+ ", {\"candy_id\":\"C\",\"store_id\":\"\",\"price\":1}]";
		assertThatExceptionOfType(InvalidPriceUpdateException.class)
			.isThrownBy(() -> this.codec.decodeRequest(bytes(body)))
			.satisfies((ex) -> assertThat(ex.getViolations()).containsExactly(
					new Violation(1, "$", "must be a JSON object"), new Violation(2, "price", "must be greater than 0"),
					new Violation(3, "store_id", "must not be blank")));
	}

	@Test
	void requestRejectsMoreThanTenThousandItems() {
		String item = update("\"C\"", "\"S\"", "1", "1700000000");
		String body = "[" + String.join(",", java.util.Collections.nCopies(10_001, item)) + "]";
		assertThatExceptionOfType(InvalidPriceUpdateException.class)
			.isThrownBy(() -> this.codec.decodeRequest(bytes(body)))
			.withMessageContaining("more than 10000 items");
		String ok = "[" + String.join(",", java.util.Collections.nCopies(10_000, item)) + "]";
		assertThat(this.codec.decodeRequest(bytes(ok))).hasSize(10_000);
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "42", "[{}", "null" })
	void requestRejectsEmptyOrMalformedBodies(String body) {
		assertThatExceptionOfType(InvalidPriceUpdateException.class)
			.isThrownBy(() -> this.codec.decodeRequest(bytes(body)));
	}

	@Test
	void encodesInTheOriginalFormatAndRoundTrips() {
		PriceUpdate update = new PriceUpdate("Candy1", "Store3", 235, 1_700_000_000_000L);
		String json = new String(this.codec.encode(update), StandardCharsets.UTF_8);
		assertThat(json)
			.isEqualTo("{\"candy_id\":\"Candy1\",\"store_id\":\"Store3\",\"price\":2.35,\"timestamp\":1700000000}");
		assertThat(this.codec.decode(bytes(json))).isEqualTo(update);
	}

	@Test
	void keepsMillisecondsByWritingAnInstant() {
		PriceUpdate update = new PriceUpdate("C", "S", 200, 1_700_000_000_123L);
		String json = new String(this.codec.encode(update), StandardCharsets.UTF_8);
		assertThat(json).contains("\"price\":2,").contains("\"timestamp\":\"2023-11-14T22:13:20.123Z\"");
		assertThat(this.codec.decode(bytes(json))).isEqualTo(update);
	}

	@Test
	void theScannerReadsTheShapeTheProducerWrites() {
		PriceUpdate update = new PriceUpdate("Candy1", "Store3", 235, 1_700_000_000_000L);
		byte[] json = this.codec.encode(update);
		RawPriceUpdate raw = new RawPriceUpdate();
		assertThat(this.codec.scan(json, NOW.toEpochMilli(), raw)).isTrue();
		assertThat(raw.toPriceUpdate()).isEqualTo(update);
		assertThat(raw.candyIdHash()).isEqualTo("Candy1".hashCode());
		assertThat(raw.storeIdHash()).isEqualTo("Store3".hashCode());
		assertThat(new String(raw.source(), raw.candyIdOffset(), raw.candyIdLength(), StandardCharsets.US_ASCII))
			.isEqualTo("Candy1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"store_id\":\"S\",\"candy_id\":\"C\",\"price\":1,\"timestamp\":1700000000}",
			"{\"candy_id\": \"C\",\"store_id\":\"S\",\"price\":1,\"timestamp\":1700000000}",
			"{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":1,\"timestamp\":1700000000}\n",
			"{\"candy_id\":\"C\\u0031\",\"store_id\":\"S\",\"price\":1,\"timestamp\":1700000000}",
			"{\"candy_id\":\" C\",\"store_id\":\"S\",\"price\":1,\"timestamp\":1700000000}",
			"{\"candy_id\":\"Ç\",\"store_id\":\"S\",\"price\":1,\"timestamp\":1700000000}",
			"{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":2.350,\"timestamp\":1700000000}",
			"{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":1e2,\"timestamp\":1700000000}",
			"{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":1,\"timestamp\":\"2023-11-14T22:13:20Z\"}",
			"{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":1,\"timestamp\":1700000000,\"x\":1}" })
	void theScannerLeavesOtherValidShapesToJackson(String json) {
		assertThat(this.codec.scan(bytes(json), NOW.toEpochMilli(), new RawPriceUpdate())).isFalse();
		assertThat(decode(json)).isNotNull();
	}

	/**
	 * Decodes on both paths, Jackson's and the scanner's, and checks that they agree: the
	 * scanner reads nothing that Jackson rejects, and what it reads, it reads the same.
	 * So every test of this class holds on both paths.
	 */
	private PriceUpdate decode(String json) {
		return decode(json, NOW.toEpochMilli());
	}

	private PriceUpdate decode(String json, long nowMillis) {
		byte[] bytes = bytes(json);
		RawPriceUpdate raw = new RawPriceUpdate();
		PriceUpdate update;
		try {
			update = this.codec.decode(bytes, nowMillis);
		}
		catch (InvalidPriceUpdateException ex) {
			assertThat(this.codec.scan(bytes, nowMillis, raw)).as("the scanner reads what Jackson rejects: %s", json)
				.isFalse();
			throw ex;
		}
		if (this.codec.scan(bytes, nowMillis, raw)) {
			assertThat(raw.toPriceUpdate()).as(json).isEqualTo(update);
		}
		return update;
	}

	private void assertViolation(String json, String field, String reason) {
		assertThatExceptionOfType(InvalidPriceUpdateException.class).isThrownBy(() -> decode(json))
			.satisfies((ex) -> assertThat(ex.getViolations()).containsExactly(new Violation(-1, field, reason)));
	}

	private static String update(String candy, String store, String price, String timestamp) {
		return "{\"candy_id\":" + candy + ",\"store_id\":" + store + ",\"price\":" + price + ",\"timestamp\":"
				+ timestamp + "}";
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
