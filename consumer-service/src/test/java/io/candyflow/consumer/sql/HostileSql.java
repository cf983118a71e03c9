package io.candyflow.consumer.sql;

import java.io.File;
import java.util.List;

/**
 * Hostile SQL, one definition for every way a query reaches the engine
 * ({@code POST /sql}, Flight SQL): reading and writing files, the network, extensions,
 * settings, other databases, several statements however hidden, unicode tricks, queries
 * that would run for minutes or fill memory. Each must be refused with a client error,
 * none may touch the file system ({@link #CANARY}) or change a setting.
 */
public final class HostileSql {

	/** Where hostile queries try to write; must not exist afterwards. */
	public static final String CANARY = System.getProperty("java.io.tmpdir") + File.separator + "candyflow-sql-canary-"
			+ ProcessHandle.current().pid();

	/** What {@code current_setting} of the memory limit and external access must stay. */
	public static final String SETTINGS_QUERY = "SELECT current_setting('memory_limit') AS m, "
			+ "current_setting('enable_external_access') AS e";

	private HostileSql() {
	}

	/**
	 * The statements, each one query's whole text.
	 */
	public static List<String> statements() {
		return List.of(
				// files and the network
				"SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM read_csv_auto('/etc/hostname')",
				"SELECT * FROM read_text('/etc/hostname')", "SELECT * FROM read_blob('/etc/hostname')",
				"SELECT * FROM read_json('/etc/os-release')", "SELECT * FROM read_parquet('/tmp/x.parquet')",
				"SELECT * FROM parquet_metadata('/tmp/x.parquet')", "SELECT * FROM sniff_csv('/etc/passwd')",
				"SELECT * FROM glob('/*')", "SELECT * FROM '/etc/passwd'", "SELECT * FROM 'file:///etc/passwd'",
				"SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')",
				"SELECT * FROM read_parquet('s3://bucket/x.parquet')", "SELECT * FROM duckdb_extensions()",
				"SELECT getenv('HOME')",
				// writing, other databases, extensions, settings
				"COPY (SELECT 1) TO '" + CANARY + ".csv'", "COPY history TO '" + CANARY + "'",
				"EXPORT DATABASE '" + CANARY + "'", "ATTACH '" + CANARY + ".db' AS other", "ATTACH ':memory:' AS other",
				"INSTALL httpfs", "LOAD httpfs", "LOAD '" + CANARY + ".duckdb_extension'", "SET memory_limit = '100GB'",
				"SET enable_external_access = true", "RESET memory_limit", "PRAGMA threads = 64",
				"PRAGMA database_list", "CALL pragma_version()", "SET VARIABLE x = 1",
				"CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's')", "CHECKPOINT", "BEGIN TRANSACTION",
				"EXPLAIN ANALYZE SELECT 1", "USE memory", "SELECT * FROM query('ATTACH '':memory:'' AS other')",
				"SELECT * FROM query('COPY (SELECT 1) TO ''" + CANARY + ".csv''')", "SELECT * FROM arrow_scan(1, 2, 3)",
				"SELECT 1::POINTER",
				// DDL and DML
				"CREATE TABLE t AS SELECT 1", "CREATE TEMP VIEW v AS SELECT 1", "DROP VIEW history",
				"INSERT INTO history VALUES ('a', 'b', 1, now())", "DELETE FROM offers", "UPDATE offers SET price = 0",
				"CREATE MACRO twice(x) AS x * 2",
				// several statements, however hidden
				"SELECT 1; SELECT 2", "SELECT 1; COPY (SELECT 1) TO '" + CANARY + ".csv'",
				"SELECT 1 /* ; */ ; DROP VIEW history", "SELECT 1 -- comment\n; ATTACH ':memory:' AS other",
				"/* SELECT */ COPY (SELECT 1) TO '" + CANARY + ".csv'", "SELECT ';' AS a; ATTACH ':memory:' AS other",
				// unicode: a Greek question mark, a fullwidth semicolon, a zero-width
				// space, a right-to-left override, a byte order mark, NUL
				"SELECT 1\u037e ATTACH ':memory:' AS other", "SELECT 1\uff1b SELECT 2", "SEL\u200bECT 1",
				"SELECT '\u202e' ; ATTACH ':memory:' AS other", "\ufeffATTACH ':memory:' AS other",
				"SELECT 1\u0000; ATTACH ':memory:' AS other", "ＳＥＬＥＣＴ 1",
				// reading a table twice (one stream each)
				"SELECT count(*) FROM history a, history b",
				// running for minutes, filling memory
				"SELECT count(*) FROM range(1000000000) a, range(1000000000) b",
				"SELECT * FROM range(10000000000000) a WHERE a.range < 0",
				"SELECT list(x) FROM generate_series(1, 10000000000) t(x)",
				"SELECT string_agg(repeat('x', 1000), '') FROM range(100000000)",
				"SELECT count(*) FROM history, range(100000000000) r",
				"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
				"WITH RECURSIVE r(s) AS (SELECT 'x' UNION ALL SELECT s || s FROM r) SELECT max(length(s)) FROM r",
				"SELECT " + "(".repeat(30_000) + "1" + ")".repeat(30_000));
	}

}
