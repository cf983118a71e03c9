package io.candyflow.consumer.sql;

import java.io.File;
import io.candyflow.consumer.web.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.candyflow.consumer.query.QueryTestStore;
import io.candyflow.consumer.web.WebTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile SQL: reading and writing files, the network, extensions, settings, other
 * databases, several statements however hidden, queries that would run for minutes or
 * fill memory, and malformed requests. Every one gets a 4xx problem, none a 5xx; after
 * each the service is healthy and answers a query, and no file was written.
 */
@WebTest
@Import(QueryTestStore.class)
@TestPropertySource(properties = { "candyflow.sql.timeout=1s", "candyflow.sql.memory-limit=64MB" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlSandboxTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** Where hostile queries try to write; must not exist afterwards. */
	private static final String CANARY = System.getProperty("java.io.tmpdir") + File.separator + "candyflow-sql-canary-"
			+ ProcessHandle.current().pid();

	@LocalServerPort
	private int port;

	private SqlHttp http;

	private Set<String> workingDirectory;

	@BeforeAll
	void start() throws Exception {
		this.http = new SqlHttp(this.port);
		this.workingDirectory = listing();
	}

	@AfterAll
	void fileSystemUntouched() throws Exception {
		assertThat(Path.of(CANARY)).doesNotExist();
		assertThat(Path.of(CANARY + ".db")).doesNotExist();
		assertThat(Path.of(CANARY + ".csv")).doesNotExist();
		assertThat(listing()).isEqualTo(this.workingDirectory);
	}

	static Stream<Arguments> hostile() {
		String text = "text/plain";
		return Stream.of(
				// files and the network
				sql("SELECT * FROM read_csv('/etc/passwd')"), sql("SELECT * FROM read_csv_auto('/etc/hostname')"),
				sql("SELECT * FROM read_text('/etc/hostname')"), sql("SELECT * FROM read_blob('/etc/hostname')"),
				sql("SELECT * FROM read_json('/etc/os-release')"), sql("SELECT * FROM read_parquet('/tmp/x.parquet')"),
				sql("SELECT * FROM parquet_metadata('/tmp/x.parquet')"), sql("SELECT * FROM sniff_csv('/etc/passwd')"),
				sql("SELECT * FROM glob('/*')"), sql("SELECT * FROM '/etc/passwd'"),
				sql("SELECT * FROM 'file:///etc/passwd'"), sql("SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')"),
				sql("SELECT * FROM read_parquet('s3://bucket/x.parquet')"), sql("SELECT * FROM duckdb_extensions()"),
				sql("SELECT getenv('HOME')"),
				// writing, other databases, extensions, settings
				sql("COPY (SELECT 1) TO '" + CANARY + ".csv'"), sql("COPY history TO '" + CANARY + "'"),
				sql("EXPORT DATABASE '" + CANARY + "'"), sql("ATTACH '" + CANARY + ".db' AS other"),
				sql("ATTACH ':memory:' AS other"), sql("INSTALL httpfs"), sql("LOAD httpfs"),
				sql("LOAD '" + CANARY + ".duckdb_extension'"), sql("SET memory_limit = '100GB'"),
				sql("SET enable_external_access = true"), sql("RESET memory_limit"), sql("PRAGMA threads = 64"),
				sql("PRAGMA database_list"), sql("CALL pragma_version()"), sql("SET VARIABLE x = 1"),
				sql("CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's')"), sql("CHECKPOINT"), sql("BEGIN TRANSACTION"),
				sql("EXPLAIN ANALYZE SELECT 1"), sql("USE memory"),
				sql("SELECT * FROM query('ATTACH '':memory:'' AS other')"),
				sql("SELECT * FROM query('COPY (SELECT 1) TO ''" + CANARY + ".csv''')"),
				sql("SELECT * FROM arrow_scan(1, 2, 3)"), sql("SELECT 1::POINTER"),
				// DDL and DML
				sql("CREATE TABLE t AS SELECT 1"), sql("CREATE TEMP VIEW v AS SELECT 1"), sql("DROP VIEW history"),
				sql("INSERT INTO history VALUES ('a', 'b', 1, now())"), sql("DELETE FROM offers"),
				sql("UPDATE offers SET price = 0"), sql("CREATE MACRO twice(x) AS x * 2"),
				// several statements, however hidden
				sql("SELECT 1; SELECT 2"), sql("SELECT 1; COPY (SELECT 1) TO '" + CANARY + ".csv'"),
				sql("SELECT 1 /* ; */ ; DROP VIEW history"), sql("SELECT 1 -- comment\n; ATTACH ':memory:' AS other"),
				sql("/* SELECT */ COPY (SELECT 1) TO '" + CANARY + ".csv'"),
				sql("SELECT ';' AS a; ATTACH ':memory:' AS other"),
				// unicode: a Greek question mark, a fullwidth semicolon, a zero-width
				// space, a right-to-left override, a byte order mark, NUL
				sql("SELECT 1\u037e ATTACH ':memory:' AS other"), sql("SELECT 1\uff1b SELECT 2"), sql("SEL\u200bECT 1"),
				sql("SELECT '\u202e' ; ATTACH ':memory:' AS other"), sql("\ufeffATTACH ':memory:' AS other"),
				sql("SELECT 1\u0000; ATTACH ':memory:' AS other"), sql("ＳＥＬＥＣＴ 1"),
				// reading a table twice (one stream each)
				sql("SELECT count(*) FROM history a, history b"),
				// running for minutes, filling memory
				sql("SELECT count(*) FROM range(1000000000) a, range(1000000000) b"),
				sql("SELECT * FROM range(10000000000000) a WHERE a.range < 0"),
				sql("SELECT list(x) FROM generate_series(1, 10000000000) t(x)"),
				sql("SELECT string_agg(repeat('x', 1000), '') FROM range(100000000)"),
				sql("SELECT count(*) FROM history, range(100000000000) r"),
				sql("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"),
				sql("WITH RECURSIVE r(s) AS (SELECT 'x' UNION ALL SELECT s || s FROM r) SELECT max(length(s)) FROM r"),
				sql("SELECT " + "(".repeat(30_000) + "1" + ")".repeat(30_000)),
				// the request itself
				Arguments.of(text, "SELECT 1 -- " + "x".repeat(1024 * 1024)), Arguments.of(text, ""),
				Arguments.of(text, "   \n\t"), Arguments.of(text, "-- only a comment"),
				Arguments.of("application/xml", "<sql>SELECT 1</sql>"),
				Arguments.of("application/x-www-form-urlencoded", "sql=SELECT+1"),
				Arguments.of("multipart/form-data; boundary=x", "--x\r\n\r\nSELECT 1\r\n--x--"),
				Arguments.of("image/png", "SELECT 1"), Arguments.of(";;;", "SELECT 1"),
				Arguments.of("application/json", "SELECT 1"), Arguments.of("application/json", "{\"sql\": 1}"),
				Arguments.of("application/json", "[\"SELECT 1\"]"), Arguments.of("application/json", "{}"));
	}

	private static Arguments sql(String sql) {
		return Arguments.of("text/plain", sql);
	}

	@ParameterizedTest(name = "[{index}] {0}: {1}")
	@MethodSource("hostile")
	void isRefused(String contentType, String body) throws Exception {
		RawHttp.Answer response = this.http.post(contentType, null, body.getBytes(StandardCharsets.UTF_8));
		String answer = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(response.status()).as(answer).isBetween(400, 499);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		JsonNode problem = json.readTree(answer);
		assertThat(problem.path("status").asInt()).isEqualTo(response.status());
		assertThat(problem.path("detail").asString()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception");
		assertThat(this.http.get("/actuator/health")).isEqualTo(200);
		assertThat(this.http.json("SELECT count(*) FROM history")).contains("\"rows\":[[4]]");
		assertThat(this.http
			.json("SELECT current_setting('memory_limit') AS m, current_setting('enable_external_access') AS e"))
			.contains("[[\"61.0 MiB\",false]]");
	}

	private static Set<String> listing() throws Exception {
		try (Stream<Path> files = Files.list(Path.of("").toAbsolutePath())) {
			return new TreeSet<>(
					Arrays.asList(files.map((file) -> file.getFileName().toString()).toArray(String[]::new)));
		}
	}

}
