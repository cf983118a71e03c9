package io.candyflow.consumer.sql;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.PriceUpdate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class SqlEngineTests {

	private static final long T = 1_700_000_000_000L;

	private BufferAllocator allocator;

	private PriceStore store;

	private SqlEngine engine;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@BeforeEach
	void start() {
		this.allocator = new RootAllocator(256 * 1024 * 1024);
		this.store = new PriceStore(this.allocator, 1024);
		this.engine = new SqlEngine(this.store, this.allocator, properties(Duration.ofSeconds(10), 10_000),
				this.registry);
	}

	@AfterEach
	void stop() throws Exception {
		this.engine.close();
		this.store.close();
		this.allocator.close();
	}

	static SqlProperties properties(Duration timeout, int maxRows) {
		return new SqlProperties(timeout, maxRows, 4, DataSize.ofMegabytes(256), 2, DataSize.ofKilobytes(64),
				DataSize.ofMegabytes(16));
	}

	private void append(String candy, String store, long cents, long millis) {
		this.store.append(new PriceUpdate(candy, store, cents, millis));
	}

	private String json(String sql) {
		return new String(this.engine.query(sql, ResultFormat.JSON).body(), StandardCharsets.UTF_8);
	}

	@Test
	void readsTheHistoryAndTheOffers() {
		append("Candy1", "Store1", 235, T);
		append("Candy1", "Store2", 199, T + 500);
		append("Candy1", "Store1", 250, T + 60_000);
		this.store.publish();
		assertThat(json("SELECT * FROM history ORDER BY ts"))
			.isEqualTo("{\"columns\":[{\"name\":\"candy_id\",\"type\":\"VARCHAR\"},"
					+ "{\"name\":\"store_id\",\"type\":\"VARCHAR\"},{\"name\":\"price\",\"type\":\"DECIMAL(11,2)\"},"
					+ "{\"name\":\"ts\",\"type\":\"TIMESTAMP WITH TIME ZONE\"}],\"rows\":["
					+ "[\"Candy1\",\"Store1\",2.35,\"2023-11-14T22:13:20Z\"],[\"Candy1\",\"Store2\",1.99,\"2023-11-14T22:13:20.500Z\"],"
					+ "[\"Candy1\",\"Store1\",2.50,\"2023-11-14T22:14:20Z\"]],\"truncated\":false}");
		assertThat(json("SELECT store_id, price FROM offers ORDER BY price"))
			.contains("[[\"Store2\",1.99],[\"Store1\",2.50]]");
		// a table read twice, through the way the error message suggests
		assertThat(json(
				"WITH h AS MATERIALIZED (SELECT * FROM history) SELECT count(*) FROM h a JOIN h b USING (store_id)"))
			.contains("[[5]]");
		assertThat(this.engine.allocatedBytes()).isZero();
	}

	@Test
	void scansTheChunksInPlace() throws Exception {
		this.engine.close();
		this.store.close();
		this.store = new PriceStore(this.allocator, 65_536);
		this.engine = new SqlEngine(this.store, this.allocator, properties(Duration.ofSeconds(30), 10_000),
				this.registry);
		int rows = 1_000_000;
		long[] sums = new long[7];
		for (int i = 0; i < rows; i++) {
			long cents = 100 + (i * 7919L) % 10_000;
			append("C" + (i % 101), "S" + (i % 7), cents, T + i);
			sums[i % 7] += cents;
		}
		this.store.publish();
		long history = this.allocator.getAllocatedMemory();
		assertThat(history).isGreaterThan(rows * 20L);
		String answer = json(
				"SELECT store_id, count(*) AS n, sum(price) AS total, min(price) AS low, max(price) AS high "
						+ "FROM history GROUP BY store_id ORDER BY store_id");
		for (int store = 0; store < 7; store++) {
			assertThat(answer).contains("[\"S" + store + "\"," + (rows / 7 + ((store < rows % 7) ? 1 : 0)) + ","
					+ java.math.BigDecimal.valueOf(sums[store], 2).toPlainString() + ",1.00,100.99]");
		}
		// What the query took from Arrow: the dictionaries, the few rows of its answer,
		// and the buffers of the batches it shared with DuckDB, which are the chunks'
		// and counted there, not here. A copy of the history would be 20 MB here.
		assertThat(this.engine.peakBytes()).isLessThan(history / 100);
		assertThat(this.allocator.getAllocatedMemory()).isEqualTo(history);
		assertThat(this.allocator.getPeakMemoryAllocation()).isLessThan(history + history / 100);
		assertThat(this.engine.allocatedBytes()).isZero();
	}

	@Test
	void aQuerySeesOnePublishedStateWhileTheWriterIngests() throws Exception {
		Set<Long> published = ConcurrentHashMap.newKeySet();
		published.add(0L);
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread writer = new Thread(() -> {
			try {
				java.util.Random random = new java.util.Random(16);
				long next = 0;
				while (writing.get() && next < 3_000_000) {
					for (int i = random.nextInt(1, 2_000); i > 0; i--, next++) {
						append("C" + (next % 50), "S", next + 1, T + next);
					}
					published.add(next);
					this.store.publish();
				}
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		writer.start();
		try {
			for (int query = 0; query < 200; query++) {
				// Row n (from 0) costs n + 1 cents, is stamped T + n and becomes the
				// current offer of candy n % 50: after N rows the sum is N(N + 1)/2 cents
				// and the newest offer is row N - 1's. A history and offers of different
				// publishes would disagree.
				String answer = json(
						"SELECT h.n, h.s, o.newest, o.offers FROM (SELECT count(*) AS n, sum(price) AS s FROM history) h, "
								+ "(SELECT epoch_ms(max(ts)) AS newest, count(*) AS offers FROM offers) o");
				Matcher row = Pattern.compile("\\[\\[(\\d+),([0-9.]+|null),(\\d+|null),(\\d+)\\]\\]").matcher(answer);
				assertThat(row.find()).as(answer).isTrue();
				long n = Long.parseLong(row.group(1));
				assertThat(published).as("published row counts").contains(n);
				if (n > 0) {
					assertThat(new java.math.BigDecimal(row.group(2)))
						.isEqualByComparingTo(java.math.BigDecimal.valueOf(n * (n + 1) / 2, 2));
					assertThat(Long.parseLong(row.group(3))).as(answer).isEqualTo(T + n - 1);
					assertThat(Long.parseLong(row.group(4))).isEqualTo(Math.min(n, 50));
				}
			}
		}
		finally {
			writing.set(false);
			writer.join();
		}
		assertThat(failure.get()).isNull();
		assertThat(this.engine.allocatedBytes()).isZero();
	}

	@Test
	void leaksNothingOverAThousandQueriesGoodAndBad() throws Exception {
		this.engine.close();
		this.engine = new SqlEngine(this.store, this.allocator, properties(Duration.ofMillis(250), 100), this.registry);
		for (int i = 0; i < 5_000; i++) {
			append("C" + (i % 20), "S" + (i % 3), 100 + i, T + i * 1000L);
			if (i % 1000 == 999) {
				this.store.publish();
			}
		}
		String[] good = { "SELECT store_id, avg(price) FROM history GROUP BY ALL",
				"SELECT h.candy_id, count(*) FROM history h JOIN offers o USING (candy_id, store_id) GROUP BY 1",
				"SELECT candy_id, price - lag(price) OVER (PARTITION BY candy_id ORDER BY ts) FROM history",
				"SELECT * FROM offers", "SELECT * FROM history" };
		String[] bad = { "SELEC 1", "SELECT nope FROM history", "SELECT 1/0::INTEGER, 'x'::INTEGER",
				"SELECT count(*) FROM history a, history b", "SELECT * FROM read_csv('/etc/passwd')",
				"SET threads = 1" };
		String timesOut = "SELECT * FROM range(10000000000000) a WHERE a.range < 0";
		ResultFormat[] formats = ResultFormat.values();
		int failed = 0;
		for (int i = 0; i < 1_000; i++) {
			String sql = (i % 2 == 0) ? good[(i / 2) % good.length]
					: ((i % 40 == 1) ? timesOut : bad[(i / 2) % bad.length]);
			try {
				this.engine.query(sql, formats[i % formats.length]);
			}
			catch (SqlProblem ex) {
				assertThat(i % 2).as(sql + ": " + ex.getMessage()).isOne();
				failed++;
			}
			if (i == 500) {
				this.store.publish();
			}
		}
		assertThat(failed).isEqualTo(500);
		assertThat(this.registry.get("candyflow.sql.queries").tag("outcome", "timeout").timer().count()).isEqualTo(25);
		assertThat(this.engine.allocatedBytes()).isZero();
		// the store's chunks are all released too: closing the allocators in stop() fails
		// on any reference left
	}

	@Test
	void boundsTheQueriesRunningAtOnce() throws Exception {
		this.engine.close();
		this.engine = new SqlEngine(this.store, this.allocator, new SqlProperties(Duration.ofSeconds(3), 10, 1,
				DataSize.ofMegabytes(256), 1, DataSize.ofKilobytes(64), DataSize.ofMegabytes(1)), this.registry);
		Thread slow = new Thread(() -> {
			try {
				json("SELECT * FROM range(10000000000000) a WHERE a.range < 0");
			}
			catch (SqlProblem ex) {
				// the timeout, expected
			}
		});
		slow.start();
		await().atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThatExceptionOfType(SqlProblem.class).isThrownBy(() -> json("SELECT 1"))
				.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(503)));
		slow.join();
		assertThat(json("SELECT 1 AS one")).contains("[[1]]");
	}

	@Test
	void rejectsWhatIsNotOneSelect() {
		assertThatExceptionOfType(SqlProblem.class).isThrownBy(() -> json("SELECT 1; SELECT 2"))
			.withMessageContaining("one statement");
		assertThatExceptionOfType(SqlProblem.class).isThrownBy(() -> json("COPY (SELECT 1) TO '/tmp/x.csv'"))
			.withMessageContaining("Only SELECT");
		assertThatExceptionOfType(SqlProblem.class).isThrownBy(() -> json("SELECT * FROM read_csv('/etc/passwd')"))
			.withMessageContaining("Permission Error");
		assertThatExceptionOfType(SqlProblem.class).isThrownBy(() -> json("SELEC 1"))
			.withMessageContaining("Parser Error");
		assertThatExceptionOfType(SqlProblem.class).isThrownBy(() -> json("SELECT count(*) FROM history a, history b"))
			.withMessageContaining("once");
		assertThat(this.engine.allocatedBytes()).isZero();
	}

	@Test
	void refusesAnAnswerLargerThanItsLimitInEveryFormat() throws Exception {
		this.engine.close();
		this.engine = new SqlEngine(
				this.store, this.allocator, new SqlProperties(Duration.ofSeconds(10), 10_000, 4,
						DataSize.ofMegabytes(256), 2, DataSize.ofKilobytes(64), DataSize.ofMegabytes(1)),
				this.registry);
		// 100 rows, but 10 MB of them
		String sql = "SELECT repeat('x', 100000) AS x FROM range(100)";
		for (ResultFormat format : ResultFormat.values()) {
			assertThatExceptionOfType(SqlProblem.class).as(format.name())
				.isThrownBy(() -> this.engine.query(sql, format))
				.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(400))
				.withMessageContaining("larger than 1048576 bytes");
		}
		assertThat(this.engine.query("SELECT repeat('x', 100000) AS x FROM range(10)", ResultFormat.CSV).body())
			.hasSizeGreaterThan(1_000_000);
		assertThat(this.engine.allocatedBytes()).isZero();
	}

	@Test
	void answersValuesJavaTimeCannotHoldWithAProblem() {
		for (String sql : new String[] { "SELECT TIME '24:00:00' AS t" }) {
			for (ResultFormat format : new ResultFormat[] { ResultFormat.JSON, ResultFormat.CSV }) {
				assertThatExceptionOfType(SqlProblem.class).as(sql + " as " + format)
					.isThrownBy(() -> this.engine.query(sql, format))
					.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(400))
					.withMessageContaining("cast it to VARCHAR");
			}
			assertThat(this.engine.query(sql, ResultFormat.ARROW).body()).isNotEmpty();
		}
		assertThat(json("SELECT CAST(TIME '24:00:00' AS VARCHAR) AS t")).contains("24:00:00");
		assertThat(json("SELECT TIME '12:34:56.789' AS t")).contains("[\"12:34:56.789\"]");
		assertThat(this.engine.allocatedBytes()).isZero();
	}

	@Test
	void timesOut() throws Exception {
		this.engine.close();
		this.engine = new SqlEngine(this.store, this.allocator, properties(Duration.ofMillis(300), 10), this.registry);
		assertThatExceptionOfType(SqlProblem.class)
			.isThrownBy(() -> json("SELECT count(*) FROM range(1000000000) a, range(1000000000) b"))
			.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo("timeout"));
		assertThatExceptionOfType(SqlProblem.class)
			.isThrownBy(() -> json("SELECT * FROM range(1000000000000) a, range(3) b WHERE a.range < 0"))
			.satisfies((ex) -> assertThat(ex.outcome()).isEqualTo("timeout"));
		assertThat(json("SELECT * FROM range(100)")).contains("\"truncated\":true");
	}

}
