package io.candyflow.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.store.Retention;
import io.candyflow.price.PriceUpdate;
import io.candyflow.price.PriceUpdateCodec;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the single writer folds updates into the store, the way the Kafka listener
 * does: a batch of {@value #BATCH} records, each checked for replay and appended, then
 * one publish. {@code append} starts from parsed updates; {@code decodeAndAppend} from
 * the raw JSON bytes of the records, validation included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1,
		jvmArgsAppend = { "-Xmx1g", "--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED" })
public class StoreAppendBenchmark {

	static final int BATCH = 500;

	private static final int DISTINCT = 1 << 16;

	private PriceUpdate[] updates;

	private byte[][] json;

	private final PriceUpdateCodec codec = new PriceUpdateCodec(Clock.systemUTC());

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
	@OperationsPerInvocation(BATCH)
	public void append() {
		for (int i = 0; i < BATCH; i++) {
			long position = this.offset++;
			if (this.store.markSeen(0, position)) {
				this.store.append(this.updates[(int) (position & (DISTINCT - 1))]);
			}
		}
		this.store.publish();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void decodeAndAppend() {
		for (int i = 0; i < BATCH; i++) {
			long position = this.offset++;
			if (this.store.markSeen(0, position)) {
				this.store.append(this.codec.decode(this.json[(int) (position & (DISTINCT - 1))]));
			}
		}
		this.store.publish();
	}

}
