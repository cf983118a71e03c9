package io.candyflow.consumer.query;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.web.JsonOutput;
import io.candyflow.consumer.web.QueryArguments;
import io.candyflow.price.PriceUpdate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code /cheapest} and {@code /offers?limit=10} cost in the application, HTTP
 * aside: the store lookup, the response objects and their JSON — through Jackson, as the
 * WebFlux controllers answer, and as the Reactor Netty routes answer (the query string
 * read where it lies, JSON written into a Netty buffer). Run with {@code -prof gc} to see
 * the bytes allocated per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1,
		jvmArgsAppend = { "-Xmx1g", "--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED" })
public class QueryResponseBenchmark {

	private final JsonMapper json = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	private BufferAllocator allocator;

	private PriceStore store;

	private Queries queries;

	private ByteBuf buffer;

	@Setup(Level.Trial)
	public void fill() {
		this.allocator = new RootAllocator(1L << 30);
		this.store = new PriceStore(this.allocator, 65536);
		for (int i = 0; i < 100_000; i++) {
			this.store.markSeen(0, i);
			this.store.append(new PriceUpdate("Candy" + (i % 100), "Store" + (i % 50), 100 + (i % 997),
					1_700_000_000_000L + i * 1000L));
		}
		this.store.publish();
		this.queries = new Queries(this.store);
		this.buffer = PooledByteBufAllocator.DEFAULT.directBuffer(4096);
	}

	@TearDown(Level.Trial)
	public void close() {
		this.buffer.release();
		this.store.close();
		this.allocator.close();
	}

	@Benchmark
	public byte[] cheapestOfOneCandy() {
		return this.json.writeValueAsBytes(this.store.cheapest("Candy42").map(OfferResponse::of).orElseThrow());
	}

	@Benchmark
	public int cheapestOfOneCandyRoute() {
		this.buffer.clear();
		OfferJson.offer(new JsonOutput(this.buffer),
				this.queries.cheapest(QueryArguments.ofRequestTarget("/cheapest?candy_id=Candy42")));
		return this.buffer.readableBytes();
	}

	@Benchmark
	public int offersLimit10Route() {
		this.buffer.clear();
		OfferJson.offers(new JsonOutput(this.buffer),
				this.queries.offers(QueryArguments.ofRequestTarget("/offers?limit=10")));
		return this.buffer.readableBytes();
	}

	@Benchmark
	public byte[] offersLimit10() {
		List<OfferResponse> offers = this.store.offers(null, null, 10).stream().map(OfferResponse::of).toList();
		return this.json.writeValueAsBytes(offers);
	}

}
