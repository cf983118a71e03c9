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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
			send(producer, "QToffee", "Corner", "1.20", "1700000000");
			send(producer, "QToffee", "Mall", "0.95", "\"2023-11-14T22:13:25Z\"");
			send(producer, "QToffee", "Corner", "0.90", "1700000010");
			send(producer, "QGum", "Corner", "0.30", "1700000005");
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

	private String get(String uri) {
		return RestClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri(uri)
			.exchange((request, response) -> new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
	}

	private static void send(KafkaProducer<String, String> producer, String candy, String store, String price,
			String timestamp) {
		producer.send(new ProducerRecord<>("candy_prices_raw", candy, "{\"candy_id\":\"" + candy + "\",\"store_id\":\""
				+ store + "\",\"price\":" + price + ",\"timestamp\":" + timestamp + "}"));
	}

}
