package io.candyflow.consumer.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.store.StoreSnapshot;
import io.candyflow.price.PriceUpdate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import org.springframework.util.unit.DataSize;

/**
 * A {@code GROUP BY store_id} (avg, min, max, count) over the history, through
 * {@code /sql}'s engine path ({@link SqlEngine}: the statement check, a snapshot, the
 * chunks handed to DuckDB through the C Data Interface, the result back as Arrow and
 * written as JSON) against DuckDB running the same SQL on the same rows copied into its
 * own table, in the same JVM and the same run, rounds alternating. In the {@code sql}
 * package for the engine, which is not public.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar --add-opens=java.base/java.nio=ALL-UNNAMED
 * io.candyflow.consumer.sql.SqlGroupByHarness [rows] [rounds] [sql]}
 */
public final class SqlGroupByHarness {

	static final String QUERY = "SELECT store_id, avg(price) AS avg, min(price) AS min, max(price) AS max, "
			+ "count(*) AS n FROM history GROUP BY store_id";

	private SqlGroupByHarness() {
	}

	public static void main(String[] args) throws Exception {
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000_000;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 15;
		String query = (args.length > 2) ? args[2] : QUERY;
		int threads = 2;
		try (BufferAllocator allocator = new RootAllocator(4L << 30);
				PriceStore store = new PriceStore(allocator, Integer.getInteger("chunkRows", 65_536))) {
			for (int i = 0; i < rows; i++) {
				store.append(new PriceUpdate("Candy" + (i % 1000), "Store" + (i % 20), 100 + (i * 7919L) % 100_000,
						1_700_000_000_000L + i));
				if (i % 50_000 == 49_999) {
					store.publish();
				}
			}
			store.publish();
			SqlProperties properties = new SqlProperties(Duration.ofMinutes(5), 10_000, 4, DataSize.ofGigabytes(2),
					threads, DataSize.ofKilobytes(64), DataSize.ofMegabytes(64));
			try (SqlEngine engine = new SqlEngine(store, allocator, properties, new SimpleMeterRegistry());
					DuckDBConnection own = own(threads)) {
				copy(store, allocator, own);
				for (int i = 0; i < 3; i++) {
					engine(engine, query);
					own(own, query);
				}
				long[] ours = new long[rounds];
				long[] theirs = new long[rounds];
				double[] ratios = new double[rounds];
				for (int round = 0; round < rounds; round++) {
					// alternate which goes first, so that neither always runs on a warm
					// cache
					if (round % 2 == 0) {
						ours[round] = engine(engine, query);
						theirs[round] = own(own, query);
					}
					else {
						theirs[round] = own(own, query);
						ours[round] = engine(engine, query);
					}
					ratios[round] = (double) ours[round] / theirs[round];
				}
				System.out.printf("rows=%d rounds=%d threads=%d%n", rows, rounds, threads);
				System.out.printf("engine path   median %.1f ms (%.1f-%.1f)%n", median(ours) / 1e6, min(ours) / 1e6,
						max(ours) / 1e6);
				System.out.printf("DuckDB table  median %.1f ms (%.1f-%.1f)%n", median(theirs) / 1e6, min(theirs) / 1e6,
						max(theirs) / 1e6);
				Arrays.sort(ratios);
				System.out.printf("ratio median %.2f (%.2f-%.2f), ratio of medians %.2f%n", ratios[rounds / 2],
						ratios[0], ratios[rounds - 1], (double) median(ours) / median(theirs));
			}
		}
	}

	private static long engine(SqlEngine engine, String query) {
		long start = System.nanoTime();
		engine.query(query, ResultFormat.JSON);
		return System.nanoTime() - start;
	}

	private static long own(DuckDBConnection connection, String query) throws SQLException {
		if (Boolean.getBoolean("engineOnly")) {
			// -DengineOnly=true: for profiling the engine path alone
			return 1;
		}
		long start = System.nanoTime();
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
			int columns = result.getMetaData().getColumnCount();
			while (result.next()) {
				for (int i = 1; i <= columns; i++) {
					result.getObject(i);
				}
			}
		}
		return System.nanoTime() - start;
	}

	/**
	 * DuckDB with the engine's thread count and memory, nothing else of its sandbox.
	 */
	private static DuckDBConnection own(int threads) throws SQLException {
		Properties settings = new Properties();
		settings.setProperty("threads", Integer.toString(threads));
		settings.setProperty("memory_limit", "2GB");
		return (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:", settings);
	}

	/**
	 * The same rows in DuckDB's own table {@code history}, same column types.
	 */
	private static void copy(PriceStore store, BufferAllocator allocator, DuckDBConnection connection)
			throws SQLException {
		try (StoreSnapshot snapshot = store.snapshot();
				ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
			Data.exportArrayStream(allocator, SnapshotTables.history(snapshot, allocator), stream);
			connection.registerArrowStream("arrow_history", stream);
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE history AS SELECT * FROM arrow_history");
				statement.execute("DROP VIEW arrow_history");
			}
		}
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private static long min(long[] values) {
		return Arrays.stream(values).min().orElse(0);
	}

	private static long max(long[] values) {
		return Arrays.stream(values).max().orElse(0);
	}

}
