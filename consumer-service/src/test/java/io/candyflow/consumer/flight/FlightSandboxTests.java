package io.candyflow.consumer.flight;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.candyflow.consumer.query.QueryTestStore;
import io.candyflow.consumer.sql.HostileSql;
import io.candyflow.consumer.web.WebTest;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code /sql}'s hostile-SQL suite over Flight SQL, through Arrow's own client, as a
 * statement and as a prepared statement: each is refused with a client status
 * ({@code INVALID_ARGUMENT}, {@code TIMED_OUT} for what runs past the timeout), never an
 * internal error; after each the server answers a query with the settings unchanged, and
 * no file was written.
 */
@WebTest
@Import(QueryTestStore.class)
@TestPropertySource(properties = { "candyflow.sql.timeout=1s", "candyflow.sql.memory-limit=64MB" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlightSandboxTests {

	private static final Set<FlightStatusCode> CLIENT_ERRORS = Set.of(FlightStatusCode.INVALID_ARGUMENT,
			FlightStatusCode.TIMED_OUT, FlightStatusCode.RESOURCE_EXHAUSTED);

	@Autowired
	private FlightServerLifecycle server;

	@Autowired
	private BufferAllocator rootAllocator;

	private long serverMemory;

	private BufferAllocator allocator;

	private FlightSql flight;

	@BeforeAll
	void connect() {
		this.allocator = new RootAllocator();
		this.flight = new FlightSql(this.allocator, this.server.port());
		this.serverMemory = this.rootAllocator.getAllocatedMemory();
	}

	@AfterAll
	void fileSystemUntouchedAndNothingLeaked() throws Exception {
		this.flight.close();
		this.allocator.close();
		// the server's: the store, and nothing any call left behind
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.rootAllocator.getAllocatedMemory()).isEqualTo(this.serverMemory));
		assertThat(Path.of(HostileSql.CANARY)).doesNotExist();
		assertThat(Path.of(HostileSql.CANARY + ".db")).doesNotExist();
		assertThat(Path.of(HostileSql.CANARY + ".csv")).doesNotExist();
	}

	static Stream<Arguments> hostile() {
		Stream<String> flightOnly = Stream.of("", "   \n\t", "-- only a comment", "SELECT 1 -- " + "x".repeat(100_000),
				"SELECT 1 -- " + "x".repeat(2 * 1024 * 1024));
		return Stream.concat(HostileSql.statements().stream(), flightOnly)
			.flatMap((sql) -> Stream.of(Arguments.of("statement", sql), Arguments.of("prepared", sql)));
	}

	@ParameterizedTest(name = "[{index}] {0}: {1}")
	@MethodSource("hostile")
	void isRefused(String how, String sql) throws Exception {
		FlightRuntimeException refused = catchThrowableOfType(FlightRuntimeException.class, () -> run(how, sql));
		assertThat(refused).as("refused").isNotNull();
		assertThat(refused.status().code()).as(refused.getMessage()).isIn(CLIENT_ERRORS);
		assertThat(refused.status().description()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception");
		assertThat(this.flight.query("SELECT count(*) FROM history")).isEqualTo(List.of(List.of(4L)));
		assertThat(this.flight.query(HostileSql.SETTINGS_QUERY)).isEqualTo(List.of(List.of("61.0 MiB", false)));
	}

	private void run(String how, String sql) throws Exception {
		if ("statement".equals(how)) {
			this.flight.query(sql);
		}
		else {
			try (var prepared = this.flight.sql().prepare(sql)) {
				this.flight.rows(prepared.execute());
			}
		}
	}

}
