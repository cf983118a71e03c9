package io.candyflow.consumer.sql;

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

	private static final String CANARY = HostileSql.CANARY;

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
		Stream<Arguments> statements = HostileSql.statements().stream().map(SqlSandboxTests::sql);
		return Stream.concat(statements, Stream.of(
				// the request itself
				Arguments.of(text, "SELECT 1 -- " + "x".repeat(1024 * 1024)), Arguments.of(text, ""),
				Arguments.of(text, "   \n\t"), Arguments.of(text, "-- only a comment"),
				Arguments.of("application/xml", "<sql>SELECT 1</sql>"),
				Arguments.of("application/x-www-form-urlencoded", "sql=SELECT+1"),
				Arguments.of("multipart/form-data; boundary=x", "--x\r\n\r\nSELECT 1\r\n--x--"),
				Arguments.of("image/png", "SELECT 1"), Arguments.of(";;;", "SELECT 1"),
				Arguments.of("application/json", "SELECT 1"), Arguments.of("application/json", "{\"sql\": 1}"),
				Arguments.of("application/json", "[\"SELECT 1\"]"), Arguments.of("application/json", "{}")));
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
		assertThat(this.http.json(HostileSql.SETTINGS_QUERY)).contains("[[\"61.0 MiB\",false]]");
	}

	private static Set<String> listing() throws Exception {
		try (Stream<Path> files = Files.list(Path.of("").toAbsolutePath())) {
			return new TreeSet<>(
					Arrays.asList(files.map((file) -> file.getFileName().toString()).toArray(String[]::new)));
		}
	}

}
