package io.candyflow.price;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * Reads and writes the CandyFlow wire format
 * ({@code {"candy_id":"Candy1","store_id":"Store3","price":2.35,"timestamp":1700000000}})
 * and applies every rule of DESIGN.md while reading, so that nothing invalid ever gets
 * past this class.
 * <p>
 * It works on Jackson's streaming parser rather than data binding: the consumer decodes
 * every record of the topic on its hot path, and this way a record costs one pass over
 * its bytes and one object. Thread-safe.
 */
public final class PriceUpdateCodec {

	static final String CANDY_ID = "candy_id";

	static final String STORE_ID = "store_id";

	static final String PRICE = "price";

	static final String TIMESTAMP = "timestamp";

	// Thread-local buffer recycling: the consumer decodes on one thread, and a shared
	// pool cost a contended deque operation per record (measured with
	// StoreAppendBenchmark).
	private static final JsonFactory JSON = JsonFactory.builder()
		.recyclerPool(JsonRecyclerPools.threadLocalPool())
		.build();

	private static final BigDecimal MAX_PRICE = BigDecimal.valueOf(PriceRules.MAX_PRICE_CENTS, 2);

	private static final long MIN_SECONDS = PriceRules.MIN_TIMESTAMP.getEpochSecond();

	private final Clock clock;

	public PriceUpdateCodec() {
		this(Clock.systemUTC());
	}

	public PriceUpdateCodec(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Decodes one record as it is written on the topic; the timestamp is required.
	 * @param json the record value
	 * @return the valid update
	 * @throws InvalidPriceUpdateException if the bytes are not JSON or break a rule
	 */
	public PriceUpdate decode(byte[] json) {
		return decode(json, this.clock.millis());
	}

	/**
	 * Decodes one record as it is written on the topic, judging "in the future" against a
	 * given time rather than the clock: a consumer passes the record's Kafka timestamp,
	 * so that a record gets the same verdict whenever and wherever it is read.
	 * @param json the record value
	 * @param nowMillis the time the record's event time may be at most 5 minutes after
	 * @return the valid update
	 * @throws InvalidPriceUpdateException if the bytes are not JSON or break a rule
	 */
	public PriceUpdate decode(byte[] json, long nowMillis) {
		if (json == null || json.length == 0) {
			throw invalid(Violation.DOCUMENT, "is empty");
		}
		List<Violation> violations = new ArrayList<>(2);
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw invalid(Violation.DOCUMENT, "must be a JSON object");
			}
			PriceUpdate update = readObject(parser, -1, null, nowMillis, violations);
			if (parser.nextToken() != null) {
				violations.add(new Violation(-1, Violation.DOCUMENT, "has content after the JSON object"));
			}
			if (!violations.isEmpty()) {
				throw new InvalidPriceUpdateException(violations);
			}
			return update;
		}
		catch (JacksonException ex) {
			throw notJson(ex);
		}
	}

	/**
	 * Reads a record of the common shape straight from its bytes, with no object per
	 * record: the consumer's fast path. Never rejects: a record it does not read (another
	 * shape, or invalid) must go through {@link #decode(byte[], long)}, which gives the
	 * verdict and the reason; a record it reads is one {@code decode} accepts with the
	 * same values.
	 * @param json the record value
	 * @param nowMillis the time the record's event time may be at most 5 minutes after
	 * @param into where the update goes; changed only when the record was read
	 * @return {@code true} if {@code into} now holds the record's valid update,
	 * {@code false} if the record must go through {@link #decode(byte[], long)}
	 */
	public boolean scan(byte[] json, long nowMillis, RawPriceUpdate into) {
		return PriceUpdateScanner.scan(json, nowMillis, into);
	}

	/**
	 * Decodes the body of {@code POST /prices}: one update or a JSON array of at most
	 * {@link PriceRules#MAX_BATCH_ITEMS}. A missing timestamp is stamped with the current
	 * time. Every item is checked and every violation reported, so the client can fix
	 * them all at once.
	 * @param json the request body
	 * @return the valid updates, in request order
	 * @throws InvalidPriceUpdateException if anything in the body is invalid
	 */
	public List<PriceUpdate> decodeRequest(byte[] json) {
		if (json == null || json.length == 0) {
			throw invalid(Violation.DOCUMENT, "is empty: send one price update or a JSON array of them");
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		List<Violation> violations = new ArrayList<>();
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
			JsonToken first = parser.nextToken();
			List<PriceUpdate> updates;
			if (first == JsonToken.START_OBJECT) {
				PriceUpdate single = readObject(parser, -1, now, now.toEpochMilli(), violations);
				updates = (single != null) ? List.of(single) : List.of();
			}
			else if (first == JsonToken.START_ARRAY) {
				updates = readArray(parser, now, violations);
			}
			else {
				throw invalid(Violation.DOCUMENT, "must be a price update object or a JSON array of them");
			}
			if (violations.isEmpty() && parser.nextToken() != null) {
				violations.add(new Violation(-1, Violation.DOCUMENT, "has content after the JSON value"));
			}
			if (!violations.isEmpty()) {
				throw new InvalidPriceUpdateException(violations);
			}
			return updates;
		}
		catch (JacksonException ex) {
			throw notJson(ex);
		}
	}

	/**
	 * Writes an update in the wire format. The timestamp is written as integer Unix
	 * seconds (as the original CandyFlow producer does) unless it has a fraction of a
	 * second, which is then kept by writing an ISO-8601 instant instead.
	 * @param update the update
	 * @return UTF-8 JSON
	 */
	public byte[] encode(PriceUpdate update) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(96);
		try (JsonGenerator generator = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			generator.writeStartObject();
			generator.writeStringProperty(CANDY_ID, update.candyId());
			generator.writeStringProperty(STORE_ID, update.storeId());
			generator.writeName(PRICE);
			generator.writeNumber(update.price().toPlainString());
			if (update.timestampMillis() % 1000 == 0) {
				generator.writeNumberProperty(TIMESTAMP, update.timestampMillis() / 1000);
			}
			else {
				generator.writeStringProperty(TIMESTAMP, update.timestamp().toString());
			}
			generator.writeEndObject();
		}
		return out.toByteArray();
	}

	private List<PriceUpdate> readArray(JsonParser parser, Instant now, List<Violation> violations) {
		List<PriceUpdate> updates = new ArrayList<>();
		int index = 0;
		JsonToken token;
		while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
			if (token == null) {
				throw invalid(Violation.DOCUMENT, "ends before the array is closed");
			}
			if (index == PriceRules.MAX_BATCH_ITEMS) {
				throw invalid(Violation.DOCUMENT, "has more than " + PriceRules.MAX_BATCH_ITEMS + " items");
			}
			if (token == JsonToken.START_OBJECT) {
				updates.add(readObject(parser, index, now, now.toEpochMilli(), violations));
			}
			else {
				parser.skipChildren();
				violations.add(new Violation(index, Violation.DOCUMENT, "must be a JSON object"));
			}
			index++;
		}
		if (index == 0) {
			throw invalid(Violation.DOCUMENT, "contains no price updates");
		}
		return updates;
	}

	/**
	 * Reads the fields of one object, the parser being on its START_OBJECT. Adds a
	 * violation per broken rule and returns {@code null} if there was any.
	 */
	private PriceUpdate readObject(JsonParser parser, int index, Instant defaultTime, long nowMillis,
			List<Violation> violations) {
		int before = violations.size();
		String candyId = null;
		String storeId = null;
		long cents = -1;
		long millis = Long.MIN_VALUE;
		String field;
		while ((field = parser.nextName()) != null) {
			JsonToken value = parser.nextToken();
			switch (field) {
				case CANDY_ID -> candyId = readId(parser, value, index, CANDY_ID, violations);
				case STORE_ID -> storeId = readId(parser, value, index, STORE_ID, violations);
				case PRICE -> cents = readPrice(parser, value, index, violations);
				// null is as good as absent: required on the topic, stamped on POST
				// /prices
				case TIMESTAMP -> millis = (value != JsonToken.VALUE_NULL)
						? readTimestamp(parser, value, index, nowMillis, violations) : Long.MIN_VALUE;
				default -> parser.skipChildren();
			}
		}
		if (candyId == null && !reported(violations, before, CANDY_ID)) {
			violations.add(new Violation(index, CANDY_ID, "is required"));
		}
		if (storeId == null && !reported(violations, before, STORE_ID)) {
			violations.add(new Violation(index, STORE_ID, "is required"));
		}
		if (cents < 0 && !reported(violations, before, PRICE)) {
			violations.add(new Violation(index, PRICE, "is required"));
		}
		if (millis == Long.MIN_VALUE && !reported(violations, before, TIMESTAMP)) {
			if (defaultTime == null) {
				violations.add(new Violation(index, TIMESTAMP, "is required"));
			}
			else {
				millis = defaultTime.toEpochMilli();
			}
		}
		return (violations.size() == before) ? new PriceUpdate(candyId, storeId, cents, millis) : null;
	}

	private static boolean reported(List<Violation> violations, int from, String field) {
		for (int i = from; i < violations.size(); i++) {
			if (violations.get(i).field().equals(field)) {
				return true;
			}
		}
		return false;
	}

	private static String readId(JsonParser parser, JsonToken token, int index, String field,
			List<Violation> violations) {
		if (token != JsonToken.VALUE_STRING) {
			parser.skipChildren();
			violations
				.add(new Violation(index, field, (token == JsonToken.VALUE_NULL) ? "is required" : "must be a string"));
			return null;
		}
		String id = parser.getString().strip();
		String violation = PriceRules.idViolation(id);
		if (violation != null) {
			violations.add(new Violation(index, field, violation));
			return null;
		}
		return id;
	}

	private static long readPrice(JsonParser parser, JsonToken token, int index, List<Violation> violations) {
		if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
			parser.skipChildren();
			violations.add(new Violation(index, PRICE,
					(token == JsonToken.VALUE_NULL) ? "is required" : "must be a JSON number"));
			return -1;
		}
		BigDecimal price = parser.getDecimalValue();
		if (price.signum() <= 0) {
			violations.add(new Violation(index, PRICE, "must be greater than 0"));
			return -1;
		}
		if (price.compareTo(MAX_PRICE) > 0) {
			violations.add(new Violation(index, PRICE, "must be at most 1000000"));
			return -1;
		}
		if (price.stripTrailingZeros().scale() > 2) {
			violations.add(new Violation(index, PRICE, "must have at most 2 decimal places"));
			return -1;
		}
		return price.movePointRight(2).longValueExact();
	}

	private static long readTimestamp(JsonParser parser, JsonToken token, int index, long nowMillis,
			List<Violation> violations) {
		long millis;
		if (token == JsonToken.VALUE_NUMBER_INT) {
			if (parser.getNumberType() != JsonParser.NumberType.INT
					&& parser.getNumberType() != JsonParser.NumberType.LONG) {
				violations.add(new Violation(index, TIMESTAMP, "is out of range"));
				return Long.MIN_VALUE;
			}
			long seconds = parser.getLongValue();
			if (seconds < MIN_SECONDS) {
				violations.add(new Violation(index, TIMESTAMP, "must not be before 2000-01-01T00:00:00Z"));
				return Long.MIN_VALUE;
			}
			if (seconds > Long.MAX_VALUE / 1000) {
				violations.add(new Violation(index, TIMESTAMP, "must not be more than 5 minutes in the future"));
				return Long.MIN_VALUE;
			}
			millis = seconds * 1000;
		}
		else if (token == JsonToken.VALUE_STRING) {
			Instant instant = parseInstant(parser.getString().strip());
			if (instant == null) {
				violations.add(new Violation(index, TIMESTAMP,
						"must be Unix seconds or an ISO-8601 instant such as 2023-11-14T22:13:20Z"));
				return Long.MIN_VALUE;
			}
			if (instant.isBefore(PriceRules.MIN_TIMESTAMP)) {
				violations.add(new Violation(index, TIMESTAMP, "must not be before 2000-01-01T00:00:00Z"));
				return Long.MIN_VALUE;
			}
			if (instant.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE / 2))) {
				violations.add(new Violation(index, TIMESTAMP, "must not be more than 5 minutes in the future"));
				return Long.MIN_VALUE;
			}
			millis = instant.toEpochMilli();
		}
		else {
			parser.skipChildren();
			violations.add(new Violation(index, TIMESTAMP, switch (token) {
				case VALUE_NUMBER_FLOAT -> "must be whole Unix seconds or an ISO-8601 instant";
				default -> "must be Unix seconds or an ISO-8601 instant";
			}));
			return Long.MIN_VALUE;
		}
		if (millis > nowMillis + PriceRules.MAX_CLOCK_SKEW.toMillis()) {
			violations.add(new Violation(index, TIMESTAMP, "must not be more than 5 minutes in the future"));
			return Long.MIN_VALUE;
		}
		return millis;
	}

	private static Instant parseInstant(String text) {
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			try {
				return OffsetDateTime.parse(text).toInstant();
			}
			catch (DateTimeParseException ex2) {
				return null;
			}
		}
	}

	private static InvalidPriceUpdateException invalid(String field, String reason) {
		return new InvalidPriceUpdateException(List.of(new Violation(-1, field, reason)));
	}

	private static InvalidPriceUpdateException notJson(JacksonException ex) {
		// Jackson's own message may quote the offending input; the location is enough.
		TokenStreamLocation location = ex.getLocation();
		String where = (location != null && location.getLineNr() > 0)
				? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
		return invalid(Violation.DOCUMENT, "is not valid JSON" + where);
	}

}
