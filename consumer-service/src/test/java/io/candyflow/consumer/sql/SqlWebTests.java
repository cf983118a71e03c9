package io.candyflow.consumer.sql;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import io.candyflow.consumer.web.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.candyflow.consumer.query.QueryTestStore;
import io.candyflow.consumer.web.WebTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /sql} on the real port: each format read back as a client would, the
 * request's forms, the problems, the metric and the OpenAPI description.
 */
@WebTest
@Import(QueryTestStore.class)
class SqlWebTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String OFFERS = "SELECT candy_id, store_id, price, ts, price * 2 AS double_price FROM offers "
			+ "ORDER BY price";

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	private SqlHttp http;

	@BeforeEach
	void http() {
		this.http = new SqlHttp(this.port);
	}

	@Test
	void answersJsonByDefault() throws Exception {
		RawHttp.Answer response = this.http.post(OFFERS, null);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).isEqualTo("application/json");
		assertThat(response.header(SqlController.TRUNCATED_HEADER)).isEqualTo("false");
		JsonNode answer = json.readTree(response.body());
		assertThat(answer.path("columns").toString()).isEqualTo("[{\"name\":\"candy_id\",\"type\":\"VARCHAR\"},"
				+ "{\"name\":\"store_id\",\"type\":\"VARCHAR\"},{\"name\":\"price\",\"type\":\"DECIMAL(11,2)\"},"
				+ "{\"name\":\"ts\",\"type\":\"TIMESTAMP WITH TIME ZONE\"},"
				+ "{\"name\":\"double_price\",\"type\":\"DECIMAL(18,2)\"}]");
		// decimals as exact JSON numbers, timestamps as ISO-8601
		assertThat(new String(response.body(), StandardCharsets.UTF_8))
			.contains("\"rows\":[[\"Candy1\",\"Store2\",1.99,\"2023-11-14T22:13:20.500Z\",3.98],"
					+ "[\"Candy1\",\"Store1\",2.50,\"2023-11-14T22:14:20Z\",5.00],"
					+ "[\"Candy2\",\"Store1\",1000000.00,\"2023-11-14T22:13:21Z\",2000000.00]]");
		assertThat(answer.path("rows").get(2).get(2).decimalValue()).isEqualByComparingTo("1000000.00");
		assertThat(answer.path("truncated").asBoolean()).isFalse();
	}

	@Test
	void takesTheQueryAsJson() throws Exception {
		RawHttp.Answer response = this.http.post("application/json", "application/json",
				"{\"sql\": \"SELECT count(*) AS n FROM history\"}".getBytes(StandardCharsets.UTF_8));
		assertThat(new String(response.body(), StandardCharsets.UTF_8))
			.isEqualTo("{\"columns\":[{\"name\":\"n\",\"type\":\"BIGINT\"}],\"rows\":[[4]],\"truncated\":false}");
	}

	@Test
	void answersCsv() throws Exception {
		RawHttp.Answer response = this.http.post(OFFERS + " LIMIT 2", "text/csv");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).isEqualTo("text/csv;charset=UTF-8");
		List<List<String>> rows = csv(new String(response.body(), StandardCharsets.UTF_8));
		assertThat(rows).containsExactly(List.of("candy_id", "store_id", "price", "ts", "double_price"),
				List.of("Candy1", "Store2", "1.99", "2023-11-14T22:13:20.500Z", "3.98"),
				List.of("Candy1", "Store1", "2.50", "2023-11-14T22:14:20Z", "5.00"));
	}

	@Test
	void quotesCsvFieldsThatNeedIt() throws Exception {
		RawHttp.Answer response = this.http.post("SELECT 'a,b' AS x, 'say \"hi\"' AS y, NULL AS z, [1, 2] AS w",
				"text/csv");
		assertThat(csv(new String(response.body(), StandardCharsets.UTF_8)))
			.containsExactly(List.of("x", "y", "z", "w"), List.of("a,b", "say \"hi\"", "", "[1,2]"));
	}

	@Test
	void answersArrow() throws Exception {
		RawHttp.Answer response = this.http.post(OFFERS, ResultFormat.ARROW_STREAM_VALUE);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Content-Type")).isEqualTo(ResultFormat.ARROW_STREAM_VALUE);
		List<String> rows = new ArrayList<>();
		try (RootAllocator allocator = new RootAllocator();
				ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(response.body()),
						allocator)) {
			VectorSchemaRoot root = reader.getVectorSchemaRoot();
			assertThat(root.getSchema().findField("price").getType()).isEqualTo(new ArrowType.Decimal(11, 2, 128));
			assertThat(((ArrowType.Timestamp) root.getSchema().findField("ts").getType()).getTimezone()).isNotNull();
			while (reader.loadNextBatch()) {
				for (int i = 0; i < root.getRowCount(); i++) {
					BigDecimal price = ((DecimalVector) root.getVector("price")).getObject(i);
					rows.add(((VarCharVector) root.getVector("candy_id")).getObject(i) + " "
							+ ((VarCharVector) root.getVector("store_id")).getObject(i) + " " + price + " "
							+ ((TimeStampVector) root.getVector("ts")).get(i));
				}
			}
		}
		assertThat(rows).containsExactly("Candy1 Store2 1.99 1700000000500000", "Candy1 Store1 2.50 1700000060000000",
				"Candy2 Store1 1000000.00 1700000001000000");
	}

	@Test
	void truncatesPastTheRowCap() throws Exception {
		RawHttp.Answer response = this.http.post("SELECT range AS n FROM range(25000)", null);
		JsonNode answer = json.readTree(response.body());
		assertThat(answer.path("rows").size()).isEqualTo(10_000);
		assertThat(answer.path("rows").get(9_999).get(0).asLong()).isEqualTo(9_999);
		assertThat(answer.path("truncated").asBoolean()).isTrue();
		assertThat(response.header(SqlController.TRUNCATED_HEADER)).isEqualTo("true");
		RawHttp.Answer exact = this.http.post("SELECT range AS n FROM range(10000)", null);
		assertThat(json.readTree(exact.body()).path("truncated").asBoolean()).isFalse();
		RawHttp.Answer csv = this.http.post("SELECT range AS n FROM range(25000)", "text/csv");
		assertThat(csv(new String(csv.body(), StandardCharsets.UTF_8))).hasSize(10_001);
		assertThat(csv.header(SqlController.TRUNCATED_HEADER)).isEqualTo("true");
	}

	@Test
	void answersProblems() throws Exception {
		problem(this.http.post("SELECT nope FROM history", null), 400, "Invalid query",
				"Binder Error: Referenced column \"nope\" not found");
		problem(this.http.post("SELECT nope FROM history", "text/csv"), 400, "Invalid query", "Binder Error");
		problem(this.http.post("SELECT 1", "application/xml"), 406, "Unsupported result format", "text/csv");
		problem(this.http.post("application/xml", null, "<sql/>".getBytes(StandardCharsets.UTF_8)), 415,
				"Unsupported content type", "text/plain");
		problem(this.http.post("SELECT 1 /*" + "x".repeat(70_000) + "*/", null), 413, "Query too large", "65536");
		problem(this.http.post("SELECT 1/0::INTEGER AS x, 'a'::INTEGER AS y", null), 400, "Invalid query",
				"Conversion Error");
		// an Accept header Spring cannot read (WebFlux writes the problem's body only in
		// a format the client accepts, so here it has none)
		RawHttp.Answer garbled = this.http.post("SELECT 1", "not a media type");
		assertThat(garbled.status()).isEqualTo(406);
		assertThat(garbled.header("Content-Type")).isEqualTo("application/problem+json");
	}

	@Test
	void timesQueriesByOutcome() throws Exception {
		this.http.json("SELECT 1");
		this.http.post("SELEC 1", null);
		assertThat(this.registry.get("candyflow.sql.queries").tag("outcome", "success").timer().count()).isPositive();
		assertThat(this.registry.get("candyflow.sql.queries").tag("outcome", "invalid").timer().count()).isPositive();
		assertThat(this.http.getBody("/actuator/prometheus"))
			.contains("candyflow_sql_queries_seconds_count{application=\"consumer\",outcome=\"timeout\"}");
	}

	@Test
	void isInTheOpenApiDescription() throws Exception {
		JsonNode sql = json.readTree(this.http.getBody("/v3/api-docs")).path("paths").path("/sql").path("post");
		assertThat(sql.path("requestBody").path("content").properties()).extracting(java.util.Map.Entry::getKey)
			.containsExactlyInAnyOrder("text/plain", "application/json");
		assertThat(sql.path("responses").path("200").path("content").properties())
			.extracting(java.util.Map.Entry::getKey)
			.containsExactlyInAnyOrder("application/json", "text/csv", ResultFormat.ARROW_STREAM_VALUE);
		assertThat(sql.path("responses").properties()).extracting(java.util.Map.Entry::getKey)
			.contains("400", "406", "408", "413", "415", "503");
	}

	static void problem(RawHttp.Answer response, int status, String title, String detail) {
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(response.status()).as(body).isEqualTo(status);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		JsonNode problem = json.readTree(body);
		assertThat(problem.path("title").asString()).isEqualTo(title);
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("instance").asString()).isEqualTo("/sql");
		assertThat(problem.path("detail").asString()).contains(detail).doesNotContain("\tat ");
	}

	/**
	 * RFC 4180, as a client reads it: quoted fields may hold commas, quotes and line
	 * breaks.
	 */
	static List<List<String>> csv(String text) {
		List<List<String>> rows = new ArrayList<>();
		List<String> row = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				row.add(field.toString());
				field.setLength(0);
			}
			else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
				row.add(field.toString());
				field.setLength(0);
				rows.add(row);
				row = new ArrayList<>();
				i++;
			}
			else {
				field.append(c);
			}
		}
		return rows;
	}

}
