package io.candyflow.consumer.flight;

import java.util.List;

import io.candyflow.consumer.query.QueryTestStore;
import io.candyflow.consumer.store.HistoryExporter;
import io.candyflow.consumer.web.WebTest;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.arrow.flight.sql.util.TableRef;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What catalog tools ask besides queries: SqlInfo ids the server has and has not, keys
 * and type info (none), the schema of a table by its path, filter patterns however long,
 * and results whose columns DuckDB hands back dictionary-encoded (ENUM).
 */
@WebTest
@Import(QueryTestStore.class)
// FlightSandboxTests' settings: the same context
@TestPropertySource(properties = { "candyflow.sql.timeout=1s", "candyflow.sql.memory-limit=64MB" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlightMetadataTests {

	@Autowired
	private FlightServerLifecycle server;

	private BufferAllocator allocator;

	private FlightSql flight;

	@BeforeAll
	void connect() {
		this.allocator = new RootAllocator();
		this.flight = new FlightSql(this.allocator, this.server.port());
	}

	@AfterAll
	void close() throws Exception {
		this.flight.close();
		this.allocator.close();
	}

	@Test
	void sqlInfoAnswersTheIdsItHasAndLeavesOutTheOthers() throws Exception {
		List<List<Object>> info = this.flight
			.rows(this.flight.sql().getSqlInfo(SqlInfo.FLIGHT_SQL_SERVER_NAME, SqlInfo.SQL_DDL_CATALOG));
		assertThat(info).hasSize(1);
		assertThat(info.get(0).get(0)).isEqualTo(SqlInfo.FLIGHT_SQL_SERVER_NAME_VALUE);
		assertThat(this.flight.rows(this.flight.sql().getSqlInfo(SqlInfo.SQL_DDL_CATALOG))).isEmpty();
		assertThat(this.flight.rows(this.flight.sql().getSqlInfo())).hasSizeGreaterThan(10);
	}

	@Test
	void thereAreNoKeysAndNoTypeInfo() throws Exception {
		TableRef history = TableRef.of(null, LiveTablesProducer.SCHEMA_NAME, "history");
		assertThat(this.flight.rows(this.flight.sql().getPrimaryKeys(history))).isEmpty();
		assertThat(this.flight.rows(this.flight.sql().getExportedKeys(history))).isEmpty();
		assertThat(this.flight.rows(this.flight.sql().getImportedKeys(history))).isEmpty();
		assertThat(this.flight.rows(this.flight.sql().getXdbcTypeInfo())).isEmpty();
	}

	@Test
	void theSchemaOfATableByItsPath() {
		assertThat(this.flight.client().getSchema(FlightDescriptor.path("history")).getSchema())
			.isEqualTo(HistoryExporter.schema());
		FlightRuntimeException unknown = catchThrowableOfType(FlightRuntimeException.class,
				() -> this.flight.client().getSchema(FlightDescriptor.path("prices")));
		assertThat(unknown.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
	}

	@Test
	void filterPatternsAreMatchedQuicklyAndBounded() throws Exception {
		// a pattern a backtracking matcher would take years over
		assertThat(this.flight.rows(this.flight.sql().getTables(null, null, "%".repeat(200) + "x", null, false)))
			.isEmpty();
		assertThat(this.flight.rows(this.flight.sql().getTables(null, null, "h%_ory", null, false))).hasSize(1);
		assertThat(this.flight.rows(this.flight.sql().getTables(null, "m%", "%s%", null, false))).hasSize(2);
		FlightRuntimeException tooLong = catchThrowableOfType(FlightRuntimeException.class,
				() -> this.flight.rows(this.flight.sql().getTables(null, null, "%".repeat(300), null, false)));
		assertThat(tooLong.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
	}

	@Test
	void aStatementsSchemaIsTheSchemaOfItsResult() throws Exception {
		String sql = "SELECT 1 AS a, 'x' AS a, 2.50::DECIMAL(11,2) AS price";
		FlightInfo info = this.flight.sql().execute(sql);
		try (FlightStream stream = this.flight.sql().getStream(info.getEndpoints().get(0).getTicket());
				var prepared = this.flight.sql().prepare(sql)) {
			assertThat(stream.next()).isTrue();
			assertThat(info.getSchema()).isEqualTo(stream.getRoot().getSchema());
			assertThat(prepared.getResultSetSchema()).isEqualTo(stream.getRoot().getSchema());
			assertThat(info.getSchema().getFields()).extracting("name").containsExactly("a", "a", "price");
		}
	}

	@Test
	void enumResultsArriveWithTheirDictionary() throws Exception {
		assertThat(this.flight.query("SELECT 'b'::ENUM('a', 'b') AS e FROM range(3)"))
			.isEqualTo(List.of(List.of("b"), List.of("b"), List.of("b")));
	}

}
