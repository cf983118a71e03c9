package io.candyflow.benchmarks;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.candyflow.consumer.store.Offer;
import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.PriceUpdate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the store's side of {@code /cheapest}, with 100,000 and with 10,000,000
 * rows of history: it must not depend on the history's size. Also reports the history's
 * bytes per row at that size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1,
		jvmArgsAppend = { "-Xmx1g", "--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED" })
public class CheapestLookupBenchmark {

	@Param({ "100000", "10000000" })
	public int historyRows;

	private BufferAllocator allocator;

	private PriceStore store;

	private String[] candies;

	private int next;

	@Setup(Level.Trial)
	public void fill() {
		this.allocator = new RootAllocator(4L << 30);
		this.store = new PriceStore(this.allocator, 65536);
		PriceUpdate[] updates = Updates.updates(1 << 16, 7);
		for (int i = 0; i < this.historyRows; i++) {
			PriceUpdate update = updates[i & ((1 << 16) - 1)];
			this.store.markSeen(0, i);
			this.store
				.append(new PriceUpdate(update.candyId(), update.storeId(), update.priceCents(), Updates.START + i));
			if (i % 5000 == 4999) {
				this.store.publish();
			}
		}
		this.store.publish();
		this.candies = new String[Updates.CANDIES];
		for (int i = 0; i < this.candies.length; i++) {
			this.candies[i] = "Candy" + i;
		}
		System.out.printf("%n%,d history rows: %,d Arrow bytes, %.2f bytes/row%n", this.store.stats().rows(),
				this.store.stats().arrowBytes(), (double) this.store.stats().arrowBytes() / this.store.stats().rows());
	}

	@TearDown(Level.Trial)
	public void close() {
		this.store.close();
		this.allocator.close();
	}

	@Benchmark
	public Optional<Offer> cheapestOfOneCandy() {
		String candy = this.candies[this.next];
		this.next = (this.next + 1 == this.candies.length) ? 0 : this.next + 1;
		return this.store.cheapest(candy);
	}

	@Benchmark
	public Optional<Offer> cheapestOfAll() {
		return this.store.cheapest();
	}

}
