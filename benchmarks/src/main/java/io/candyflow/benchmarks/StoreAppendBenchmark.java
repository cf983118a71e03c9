package io.candyflow.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.store.Retention;
import io.candyflow.price.PriceUpdate;
import io.candyflow.price.PriceUpdateCodec;
import io.candyflow.price.RawPriceUpdate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the single writer folds updates into the store, the way the Kafka listener
 * does: polls of {@code batch} records, each checked for replay and appended, then one
 * publish per poll. {@code append} starts from parsed updates; {@code decodeAndAppend}
 * from the raw JSON bytes of the records, validation included, the way the listener does
 * it (the scanner, ids looked up by their bytes); {@code decodeAndAppendJackson} the same
 * through Jackson's path alone, which is how every record went before issue 14 and how
 * records of another shape still go.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1,
		jvmArgsAppend = { "-Xmx1g", "--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED" })
public class StoreAppendBenchmark {

	/** Records per invocation: a few polls' worth. */
	static final int RECORDS = 5000;

	/** Records per poll: 500, and the listener's {@code max.poll.records} in a replay. */
	@Param({ "500", "5000" })
	public int batch;

	private static final int DISTINCT = 1 << 16;

	private PriceUpdate[] updates;

	private byte[][] json;

	private final PriceUpdateCodec codec = new PriceUpdateCodec(Clock.systemUTC());

	private final RawPriceUpdate raw = new RawPriceUpdate();

	private BufferAllocator allocator;

	private PriceStore store;

	private long offset;

	@Setup(Level.Trial)
	public void createData() {
		this.updates = Updates.updates(DISTINCT, 42);
		this.json = Updates.json(this.updates);
	}

	@Setup(Level.Iteration)
	public void createStore() {
		this.allocator = new RootAllocator(2L << 30);
		// bounded, as in production: the benchmark appends tens of millions of rows
		this.store = new PriceStore(this.allocator, 65536, new Retention(20_000_000, Duration.ZERO), Clock.systemUTC());
	}

	@TearDown(Level.Iteration)
	public void closeStore() {
		this.store.close();
		this.allocator.close();
	}

	@Benchmark
	@OperationsPerInvocation(RECORDS)
	public void append() {
		for (int i = 0; i < RECORDS; i++) {
			long position = this.offset++;
			if (this.store.markSeen(0, position)) {
				this.store.append(this.updates[(int) (position & (DISTINCT - 1))]);
			}
			if ((i + 1) % this.batch == 0) {
				this.store.publish();
			}
		}
	}

	@Benchmark
	@OperationsPerInvocation(RECORDS)
	public void decodeAndAppend() {
		long now = System.currentTimeMillis();
		for (int i = 0; i < RECORDS; i++) {
			long position = this.offset++;
			if (this.store.markSeen(0, position)) {
				byte[] value = this.json[(int) (position & (DISTINCT - 1))];
				if (this.codec.scan(value, now, this.raw)) {
					this.store.append(this.raw);
				}
				else {
					this.store.append(this.codec.decode(value, now));
				}
			}
			if ((i + 1) % this.batch == 0) {
				this.store.publish();
			}
		}
	}

	@Benchmark
	@OperationsPerInvocation(RECORDS)
	public void decodeAndAppendJackson() {
		long now = System.currentTimeMillis();
		for (int i = 0; i < RECORDS; i++) {
			long position = this.offset++;
			if (this.store.markSeen(0, position)) {
				this.store.append(this.codec.decode(this.json[(int) (position & (DISTINCT - 1))], now));
			}
			if ((i + 1) % this.batch == 0) {
				this.store.publish();
			}
		}
	}

}
