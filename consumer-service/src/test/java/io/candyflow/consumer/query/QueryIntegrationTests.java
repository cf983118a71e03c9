package io.candyflow.consumer.query;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import io.candyflow.consumer.PriceRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
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
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * From records on a real (embedded, KRaft) broker to every query endpoint's answer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(topics = { "candy_prices_raw", "candy_prices_raw.DLT" }, partitions = 3)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@BeforeAll
	void produce() {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(this.broker),
				new StringSerializer(), new StringSerializer())) {
			PriceRecords.send(producer, "QToffee", "Corner", "1.20", "1700000000");
			PriceRecords.send(producer, "QToffee", "Mall", "0.95", "\"2023-11-14T22:13:25Z\"");
			PriceRecords.send(producer, "QToffee", "Corner", "0.90", "1700000010");
			PriceRecords.send(producer, "QGum", "Corner", "0.30", "1700000005");
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(get("/offers?candy_id=QGum")).contains("0.3"));
	}

	@Test
	void offersCheapestFirst() {
		assertThat(get("/offers?store_id=Corner&limit=5"))
			.isEqualTo("[{\"candy_id\":\"QGum\",\"store_id\":\"Corner\",\"price\":0.3,\"timestamp\":1700000005},"
					+ "{\"candy_id\":\"QToffee\",\"store_id\":\"Corner\",\"price\":0.9,\"timestamp\":1700000010}]");
	}

	@Test
	void candies() {
		assertThat(get("/candies")).contains(
				"{\"candy_id\":\"QToffee\",\"stores\":2,\"min\":0.9,\"max\":0.95,\"avg\":0.925,\"cheapest_store\":\"Corner\"}");
	}

	@Test
	void history() {
		assertThat(get("/history?candy_id=QToffee&from=2023-11-14T22:13:20Z&to=1700000009"))
			.isEqualTo("[{\"candy_id\":\"QToffee\",\"store_id\":\"Corner\",\"price\":1.2,\"timestamp\":1700000000},"
					+ "{\"candy_id\":\"QToffee\",\"store_id\":\"Mall\",\"price\":0.95,\"timestamp\":1700000005}]");
	}

	@Test
	void exportReadsBackWithArrowsOwnReader() throws Exception {
		byte[] stream = RestClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/export?candy_id=QToffee")
			.retrieve()
			.body(byte[].class);
		List<String> rows = new ArrayList<>();
		try (BufferAllocator allocator = new RootAllocator();
				ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream), allocator)) {
			VectorSchemaRoot root = reader.getVectorSchemaRoot();
			while (reader.loadNextBatch()) {
				long storeDictionary = root.getSchema().findField("store_id").getDictionary().getId();
				try (FieldVector stores = (FieldVector) DictionaryEncoder.decode(root.getVector("store_id"),
						reader.getDictionaryVectors().get(storeDictionary))) {
					for (int i = 0; i < root.getRowCount(); i++) {
						rows.add(stores.getObject(i) + " "
								+ ((DecimalVector) root.getVector("price")).getObject(i).toPlainString() + " "
								+ ((TimeStampMilliTZVector) root.getVector("timestamp")).get(i));
					}
				}
			}
		}
		assertThat(rows).containsExactly("Corner 1.20 1700000000000", "Mall 0.95 1700000005000",
				"Corner 0.90 1700000010000");
	}

	@Test
	void documentsTheApiWithExamplesShapedLikeTheRealAnswers() throws Exception {
		tools.jackson.databind.ObjectMapper json = new tools.jackson.databind.ObjectMapper();
		tools.jackson.databind.JsonNode docs = json.readTree(get("/v3/api-docs"));
		assertThat(docs.get("paths").propertyNames()).contains("/cheapest", "/offers", "/candies", "/history",
				"/export", "/stats");
		assertThat(docs.at("/components/schemas/OfferResponse/properties").propertyNames())
			.as(docs.at("/components").toString())
			.containsExactlyInAnyOrder("candy_id", "store_id", "price", "timestamp");
		String[][] cases = { { "/cheapest", "/cheapest?candy_id=QToffee" }, { "/offers", "/offers" },
				{ "/candies", "/candies" }, { "/history", "/history?candy_id=QToffee" }, { "/stats", "/stats" } };
		for (String[] endpoint : cases) {
			tools.jackson.databind.JsonNode content = docs
				.at("/paths/" + endpoint[0].replace("/", "~1") + "/get/responses/200/content")
				.iterator()
				.next();
			tools.jackson.databind.JsonNode documented = content.has("examples")
					? content.get("examples").iterator().next().get("value") : content.get("example");
			assertThat(documented).as(endpoint[0] + " has an example").isNotNull();
			tools.jackson.databind.JsonNode example = documented.isString() ? json.readTree(documented.asString())
					: documented;
			tools.jackson.databind.JsonNode real = json.readTree(get(endpoint[1]));
			assertThat(fieldNames(example)).as(endpoint[0]).isNotEmpty().isEqualTo(fieldNames(real));
		}
		int swaggerUi = RestClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/swagger-ui/index.html")
			.exchange((request, response) -> response.getStatusCode().value());
		assertThat(swaggerUi).isEqualTo(200);
	}

	private static java.util.Set<String> fieldNames(tools.jackson.databind.JsonNode node) {
		tools.jackson.databind.JsonNode object = node.isArray() ? node.get(0) : node;
		return new java.util.TreeSet<>(object.propertyNames());
	}

	private String get(String uri) {
		return RestClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri(uri)
			.exchange((request, response) -> new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
	}

}
