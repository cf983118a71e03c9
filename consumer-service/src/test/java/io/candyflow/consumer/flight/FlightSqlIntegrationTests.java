package io.candyflow.consumer.flight;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.arrow.adbc.core.AdbcConnection;
import org.apache.arrow.adbc.core.AdbcDatabase;
import org.apache.arrow.adbc.core.AdbcDriver;
import org.apache.arrow.adbc.core.AdbcStatement;
import org.apache.arrow.adbc.driver.flightsql.FlightSqlDriver;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import io.candyflow.consumer.PriceRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The whole consumer on a real (embedded) broker, asked through Flight by clients no one
 * here wrote: the Arrow Flight SQL JDBC driver through {@code java.sql}, Arrow's
 * {@code FlightClient} ({@code DoGet} of both tables, the same rows as {@code /export}
 * and {@code /offers}), and ADBC's Flight SQL driver.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
// a broker of its own (one partition), so that no other test's records are in this store
@EmbeddedKafka(topics = { "candy_prices_raw", "candy_prices_raw.DLT" }, partitions = 1)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlightSqlIntegrationTests {

	@LocalServerPort
	private int httpPort;

	@Autowired
	private FlightServerLifecycle server;

	@Autowired
	private EmbeddedKafkaBroker broker;

	private BufferAllocator allocator;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	void produce() throws Exception {
		this.allocator = new RootAllocator();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(this.broker),
				new StringSerializer(), new StringSerializer())) {
			PriceRecords.send(producer, "FlToffee", "Corner", "1.20", "1700000000");
			PriceRecords.send(producer, "FlToffee", "Mall", "0.95", "1700000005");
			PriceRecords.send(producer, "FlToffee", "Corner", "0.90", "1700000010");
			PriceRecords.send(producer, "FlGum", "Corner", "0.30", "1700000015");
			PriceRecords.send(producer, "FlGum", "Mall", "0.50", "1700000020");
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> get("/stats").contains("\"ingested\":5"));
	}

	@AfterAll
	void close() {
		this.allocator.close();
	}

	private String jdbcUrl() {
		return "jdbc:arrow-flight-sql://127.0.0.1:" + this.server.port() + "/?useEncryption=false";
	}

	@Test
	void healthShowsTheFlightServer() throws Exception {
		assertThat(get("/actuator/health")).contains("\"flight\":{\"status\":\"UP\"}");
	}

	@Test
	void theJdbcDriverRunsSql() throws Exception {
		try (Connection connection = DriverManager.getConnection(jdbcUrl());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT store_id, count(*) AS updates, min(price) AS low "
						+ "FROM history GROUP BY store_id ORDER BY store_id")) {
			assertThat(result.getMetaData().getColumnCount()).isEqualTo(3);
			assertThat(result.getMetaData().getColumnLabel(2)).isEqualTo("updates");
			List<String> rows = new ArrayList<>();
			while (result.next()) {
				rows.add(result.getString(1) + " " + result.getLong(2) + " " + result.getBigDecimal(3));
			}
			assertThat(rows).containsExactly("Corner 3 0.30", "Mall 2 0.50");
		}
	}

	@Test
	void theJdbcDriverRunsPreparedStatementsAndJoins() throws Exception {
		try (Connection connection = DriverManager.getConnection(jdbcUrl());
				PreparedStatement statement = connection
					.prepareStatement("SELECT o.candy_id, o.price, count(h.price) AS before FROM offers o "
							+ "JOIN history h USING (candy_id, store_id) WHERE h.ts <= o.ts "
							+ "GROUP BY ALL ORDER BY o.price")) {
			assertThat(statement.getMetaData().getColumnCount()).isEqualTo(3);
			try (ResultSet result = statement.executeQuery()) {
				List<String> rows = new ArrayList<>();
				while (result.next()) {
					rows.add(result.getString(1) + " " + result.getBigDecimal(2) + " " + result.getLong(3));
				}
				assertThat(rows).containsExactly("FlGum 0.30 1", "FlGum 0.50 1", "FlToffee 0.90 2", "FlToffee 0.95 1");
			}
		}
	}

	@Test
	void theJdbcDriverListsTheTables() throws Exception {
		try (Connection connection = DriverManager.getConnection(jdbcUrl())) {
			DatabaseMetaData metadata = connection.getMetaData();
			assertThat(metadata.getDatabaseProductName()).isEqualTo("CandyFlow");
			List<String> tables = new ArrayList<>();
			try (ResultSet result = metadata.getTables(null, null, "%", null)) {
				while (result.next()) {
					tables.add(result.getString("TABLE_SCHEM") + "." + result.getString("TABLE_NAME") + " "
							+ result.getString("TABLE_TYPE"));
				}
			}
			assertThat(tables).containsExactly("main.history TABLE", "main.offers TABLE");
			List<String> columns = new ArrayList<>();
			try (ResultSet result = metadata.getColumns(null, null, "history", "%")) {
				while (result.next()) {
					columns.add(result.getString("COLUMN_NAME"));
				}
			}
			assertThat(columns).containsExactly("candy_id", "store_id", "price", "ts");
			try (ResultSet result = metadata.getSchemas()) {
				assertThat(result.next()).isTrue();
				assertThat(result.getString("TABLE_SCHEM")).isEqualTo("main");
			}
		}
	}

	@Test
	void theJdbcDriverGetsAClearErrorForBadSql() throws Exception {
		try (Connection connection = DriverManager.getConnection(jdbcUrl());
				Statement statement = connection.createStatement()) {
			java.sql.SQLException refused = catchThrowableOfType(java.sql.SQLException.class,
					() -> statement.executeQuery("COPY history TO '/tmp/x.csv'"));
			assertThat(refused.getMessage()).contains("Only SELECT statements are allowed");
		}
	}

	@Test
	void doGetOfTheHistoryGivesTheRowsOfExport() throws Exception {
		List<List<Object>> export = rows(exportStream("/export"));
		assertThat(export).hasSize(5);
		try (FlightClient client = client()) {
			assertThat(doGet(client, new Ticket("history".getBytes()))).isEqualTo(export);
			assertThat(doGet(client, new Ticket("history?candy_id=FlGum".getBytes())))
				.isEqualTo(rows(exportStream("/export?candy_id=FlGum")))
				.hasSize(2);
			FlightInfo info = client.getInfo(FlightDescriptor.path("history"));
			assertThat(doGet(client, info.getEndpoints().get(0).getTicket())).isEqualTo(export);
			assertThat(info.getSchema().findField("candy_id").getDictionary()).isNotNull();
		}
	}

	@Test
	void doGetOfTheOffersGivesTheCurrentOffers() throws Exception {
		try (FlightClient client = client()) {
			List<List<Object>> offers = doGet(client, new Ticket("offers".getBytes()));
			assertThat(new TreeSet<>(offers.stream().map((row) -> row.subList(0, 3).toString()).toList()))
				.containsExactly("[FlGum, Corner, 0.30]", "[FlGum, Mall, 0.50]", "[FlToffee, Corner, 0.90]",
						"[FlToffee, Mall, 0.95]");
			assertThat(get("/offers?candy_id=FlToffee")).contains("\"price\":0.9,").contains("\"price\":0.95");
			assertThat(doGet(client, new Ticket("offers?candy_id=FlToffee".getBytes()))).hasSize(2);
			List<String> listed = new ArrayList<>();
			client.listFlights(org.apache.arrow.flight.Criteria.ALL)
				.forEach((flight) -> listed.add(flight.getDescriptor().getPath().get(0)));
			assertThat(listed).containsExactly("history", "offers");
		}
	}

	@Test
	void doGetOfAnUnknownTicketOrCandyIsAClearError() throws Exception {
		try (FlightClient client = client()) {
			FlightRuntimeException unknown = catchThrowableOfType(FlightRuntimeException.class,
					() -> doGet(client, new Ticket("prices".getBytes())));
			assertThat(unknown.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT);
			assertThat(unknown.status().description()).contains("'history'");
			FlightRuntimeException candy = catchThrowableOfType(FlightRuntimeException.class,
					() -> doGet(client, new Ticket("history?candy_id=Nope".getBytes())));
			assertThat(candy.status().code()).isEqualTo(FlightStatusCode.NOT_FOUND);
		}
	}

	@Test
	void adbcsFlightSqlDriverRunsAQuery() throws Exception {
		try (BufferAllocator allocator = new RootAllocator();
				AdbcDatabase database = new FlightSqlDriver(allocator)
					.open(Map.of(AdbcDriver.PARAM_URI.getKey(), "grpc+tcp://127.0.0.1:" + this.server.port()));
				AdbcConnection connection = database.connect();
				AdbcStatement statement = connection.createStatement()) {
			statement.setSqlQuery("SELECT candy_id, max(price) AS high FROM history GROUP BY 1 ORDER BY 1");
			try (AdbcStatement.QueryResult result = statement.executeQuery()) {
				ArrowReader reader = result.getReader();
				List<String> rows = new ArrayList<>();
				while (reader.loadNextBatch()) {
					VectorSchemaRoot root = reader.getVectorSchemaRoot();
					for (int i = 0; i < root.getRowCount(); i++) {
						rows.add(root.getVector(0).getObject(i) + " " + root.getVector(1).getObject(i));
					}
				}
				assertThat(rows).containsExactly("FlGum 0.50", "FlToffee 1.20");
			}
		}
	}

	private FlightClient client() {
		return FlightClient.builder(this.allocator, Location.forGrpcInsecure("127.0.0.1", this.server.port())).build();
	}

	private static List<List<Object>> doGet(FlightClient client, Ticket ticket) throws Exception {
		try (FlightStream stream = client.getStream(ticket)) {
			List<List<Object>> rows = new ArrayList<>();
			while (stream.next()) {
				rows.addAll(rows(stream.getRoot(), stream.getDictionaryProvider()));
			}
			return rows;
		}
	}

	private List<List<Object>> rows(byte[] stream) throws Exception {
		try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream), this.allocator)) {
			List<List<Object>> rows = new ArrayList<>();
			while (reader.loadNextBatch()) {
				rows.addAll(rows(reader.getVectorSchemaRoot(), reader));
			}
			return rows;
		}
	}

	/**
	 * Each row's values, dictionary codes looked up, prices as decimals.
	 */
	private static List<List<Object>> rows(VectorSchemaRoot root, DictionaryProvider dictionaries) {
		List<List<Object>> rows = new ArrayList<>();
		for (int row = 0; row < root.getRowCount(); row++) {
			List<Object> values = new ArrayList<>();
			for (FieldVector vector : root.getFieldVectors()) {
				DictionaryEncoding encoding = vector.getField().getDictionary();
				Object value = vector.getObject(row);
				if (encoding != null) {
					VarCharVector dictionary = (VarCharVector) dictionaries.lookup(encoding.getId()).getVector();
					value = dictionary.getObject(((Number) value).intValue()).toString();
				}
				else if (value instanceof org.apache.arrow.vector.util.Text text) {
					value = text.toString();
				}
				else if (value instanceof BigDecimal decimal) {
					value = decimal.toPlainString();
				}
				values.add(value);
			}
			rows.add(values);
		}
		return rows;
	}

	private byte[] exportStream(String path) throws Exception {
		HttpResponse<byte[]> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private String get(String path) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
