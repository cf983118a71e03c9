package io.candyflow.benchmarks;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

import com.alibaba.fastjson2.JSONReader;
import com.alibaba.fastjson2.util.Fnv;
import com.dslplatform.json.DslJson;
import com.dslplatform.json.NumberConverter;
import io.candyflow.price.PriceUpdateCodec;
import io.candyflow.price.RawPriceUpdate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * Reading one record of the common shape, decoding alone (no store), with what well-kept
 * JSON libraries give and with the consumer's scanner, to choose the consumer's fast path
 * by measurement (issue 14). Each library is used the way that allocates least for this
 * record: ids read without a {@code String} where it offers that (Jackson's character
 * buffer, DSL-JSON's {@code readSimpleQuote}, fastjson2's value hash), the price as the
 * library's exact decimal. Only {@code codec} and {@code scanner} validate; the others
 * only read, so they are a lower bound of what a validating path on them would cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class DecodeBenchmark {

	private static final int RECORDS = 4096;

	private static final JsonFactory JACKSON = JsonFactory.builder()
		.recyclerPool(JsonRecyclerPools.threadLocalPool())
		.build();

	private static final long CANDY_ID = Fnv.hashCode64("candy_id");

	private static final long STORE_ID = Fnv.hashCode64("store_id");

	private static final long PRICE = Fnv.hashCode64("price");

	private static final byte[] PRICE_NAME = { 'p', 'r', 'i', 'c', 'e' };

	private byte[][] json;

	private final PriceUpdateCodec codec = new PriceUpdateCodec();

	private final RawPriceUpdate raw = new RawPriceUpdate();

	private final DslJson<Object> dslJson = new DslJson<>();

	private com.dslplatform.json.JsonReader<Object> dslReader;

	private long now;

	@Setup(Level.Trial)
	public void createData() {
		this.json = Updates.json(Updates.updates(RECORDS, 42));
		this.dslReader = this.dslJson.newReader();
		this.now = System.currentTimeMillis();
	}

	/** The codec's Jackson path: a parser per record, a String per id, a BigDecimal. */
	@Benchmark
	@OperationsPerInvocation(RECORDS)
	public void codec(Blackhole blackhole) {
		for (byte[] record : this.json) {
			blackhole.consume(this.codec.decode(record, this.now));
		}
	}

	/** The consumer's scanner: no object at all. */
	@Benchmark
	@OperationsPerInvocation(RECORDS)
	public void scanner(Blackhole blackhole) {
		for (byte[] record : this.json) {
			blackhole.consume(this.codec.scan(record, this.now, this.raw));
			blackhole.consume(this.raw.priceCents());
		}
	}

	/**
	 * Jackson 3's streaming parser at its leanest: ids from its character buffer
	 * ({@code getStringCharacters}, no String), the price as text into cents (no
	 * BigDecimal); still a parser per record.
	 */
	@Benchmark
	@OperationsPerInvocation(RECORDS)
	public void jacksonLean(Blackhole blackhole) {
		for (byte[] record : this.json) {
			try (JsonParser parser = JACKSON.createParser(ObjectReadContext.empty(), record)) {
				parser.nextToken();
				String field;
				while ((field = parser.nextName()) != null) {
					JsonToken token = parser.nextToken();
					if (token == JsonToken.VALUE_STRING) {
						blackhole.consume(
								hash(parser.getStringCharacters(), parser.getStringOffset(), parser.getStringLength()));
					}
					else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
						blackhole.consume(cents(parser.getStringCharacters(), parser.getStringOffset(),
								parser.getStringLength()));
					}
					else {
						blackhole.consume(parser.getLongValue());
					}
					blackhole.consume(field);
				}
			}
		}
	}

	/**
	 * DSL-JSON, one reader reused for every record: ids as characters of its buffer
	 * ({@code readSimpleQuote}, no String), the price as a BigDecimal.
	 */
	@Benchmark
	@OperationsPerInvocation(RECORDS)
	public void dslJson(Blackhole blackhole) throws IOException {
		com.dslplatform.json.JsonReader<Object> reader = this.dslReader;
		for (byte[] record : this.json) {
			reader.process(record, record.length);
			reader.getNextToken();
			byte next = reader.getNextToken();
			while (next == '"') {
				reader.fillName();
				reader.getNextToken();
				if (reader.last() == '"') {
					char[] id = reader.readSimpleQuote();
					blackhole.consume(id);
				}
				else if (reader.wasLastName(PRICE_NAME)) {
					BigDecimal price = NumberConverter.deserializeDecimal(reader);
					blackhole.consume(price);
				}
				else {
					blackhole.consume(NumberConverter.deserializeLong(reader));
				}
				next = reader.getNextToken();
				if (next == ',') {
					next = reader.getNextToken();
				}
			}
		}
	}

	/**
	 * fastjson2: a reader per record, field names and ids as hashes (no String;
	 * {@code readValueHashCode}), the price as a BigDecimal.
	 */
	@Benchmark
	@OperationsPerInvocation(RECORDS)
	public void fastjson2(Blackhole blackhole) {
		for (byte[] record : this.json) {
			try (JSONReader reader = JSONReader.of(record)) {
				reader.nextIfObjectStart();
				while (!reader.nextIfObjectEnd()) {
					long name = reader.readFieldNameHashCode();
					if (name == CANDY_ID || name == STORE_ID) {
						blackhole.consume(reader.readValueHashCode());
					}
					else if (name == PRICE) {
						blackhole.consume(reader.readBigDecimal());
					}
					else {
						blackhole.consume(reader.readInt64Value());
					}
				}
			}
		}
	}

	private static int hash(char[] chars, int offset, int length) {
		int hash = 0;
		for (int i = offset; i < offset + length; i++) {
			hash = 31 * hash + chars[i];
		}
		return hash;
	}

	private static long cents(char[] chars, int offset, int length) {
		long cents = 0;
		int decimals = -1;
		for (int i = offset; i < offset + length; i++) {
			char c = chars[i];
			if (c == '.') {
				decimals = 0;
			}
			else {
				cents = cents * 10 + (c - '0');
				if (decimals >= 0) {
					decimals++;
				}
			}
		}
		return (decimals <= 0) ? cents * 100 : (decimals == 1) ? cents * 10 : cents;
	}

}
