package io.candyflow.consumer.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Garbage of every kind, interleaved with valid updates on one partition: every valid
 * update is queryable, every bad record is in the dead-letter topic with its reason, and
 * ingestion never stops.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(topics = { "candy_prices_raw", "candy_prices_raw.DLT" }, partitions = 3)
class PoisonPillIntegrationTests {

	private static final String RUN_HEADER = "test-run";

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedKafkaBroker broker;

	private ConsumerApi api;

	@BeforeEach
	void connect() {
		this.api = new ConsumerApi(this.port);
	}

	@Test
	void badRecordsGoToTheDeadLetterTopicAndNeverStopIngestion() {
		String run = UUID.randomUUID().toString();
		String future = Long.toString(System.currentTimeMillis() / 1000 + 3600);
		Map<String, byte[]> poison = new java.util.LinkedHashMap<>();
		poison.put("not JSON", new byte[] { 0, (byte) 0xFF, 0x13, '{' });
		poison.put("empty value", new byte[0]);
		poison.put("tombstone", null);
		poison.put("huge value", bytes(update("\"" + "x".repeat(600_000) + "\"", "\"S\"", "1", "1700000000")));
		poison.put("string price", bytes(update("\"P\"", "\"S\"", "\"1.00\"", "1700000000")));
		poison.put("numeric id", bytes(update("42", "\"S\"", "1", "1700000000")));
		poison.put("NaN", bytes(update("\"P\"", "\"S\"", "NaN", "1700000000")));
		poison.put("Infinity", bytes(update("\"P\"", "\"S\"", "Infinity", "1700000000")));
		poison.put("negative price", bytes(update("\"P\"", "\"S\"", "-1", "1700000000")));
		poison.put("3 decimals", bytes(update("\"P\"", "\"S\"", "1.005", "1700000000")));
		poison.put("65-char id", bytes(update("\"" + "y".repeat(65) + "\"", "\"S\"", "1", "1700000000")));
		poison.put("control character", bytes(update("\"P\\u0007\"", "\"S\"", "1", "1700000000")));
		poison.put("far future", bytes(update("\"P\"", "\"S\"", "1", future)));
		poison.put("before 2000", bytes(update("\"P\"", "\"S\"", "1", "946684799")));
		long rejectedBefore = this.api.stat("rejected");
		double priceBefore = this.api.metric("candyflow_ingest_rejected_total", "reason=\"price\"");
		double documentBefore = this.api.metric("candyflow_ingest_rejected_total", "reason=\"document\"");

		List<String> validCandies = new ArrayList<>();
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
				new ByteArraySerializer())) {
			int i = 0;
			for (byte[] value : poison.values()) {
				// all on partition 0, between valid records: nothing behind a bad record
				// may stall
				ProducerRecord<byte[], byte[]> bad = new ProducerRecord<>("candy_prices_raw", 0, null, value);
				bad.headers().add(RUN_HEADER, bytes(run));
				producer.send(bad);
				String candy = "PP" + i++;
				validCandies.add(candy);
				byte[] key = (i % 2 == 0) ? null : bytes(candy);
				producer.send(new ProducerRecord<>("candy_prices_raw", 0, key,
						bytes(update("\"" + candy + "\"", "\"S\"", "2.50", "1700000000"))));
			}
		}

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(validCandies).allSatisfy(
					(candy) -> assertThat(this.api.status("/cheapest?candy_id=" + candy)).as(candy).isEqualTo(200)));
		assertThat(this.api.stat("rejected")).isEqualTo(rejectedBefore + poison.size());

		Map<String, String> reasons = deadLetters(run, poison.size());
		assertThat(reasons).hasSize(poison.size());
		assertThat(reasons.values()).allSatisfy((reason) -> assertThat(reason).isNotBlank());
		assertThat(reasons.values()).contains("$: is empty", "price: must be a JSON number",
				"candy_id: must be a string", "price: must be greater than 0",
				"price: must have at most 2 decimal places", "candy_id: must be at most 64 characters long (was 65)",
				"candy_id: must not contain control characters",
				"timestamp: must not be more than 5 minutes in the future",
				"timestamp: must not be before 2000-01-01T00:00:00Z");
		// string price, negative price, 3 decimals; and non-JSON, empty, tombstone, NaN,
		// Infinity
		assertThat(this.api.metric("candyflow_ingest_rejected_total", "reason=\"price\"")).isEqualTo(priceBefore + 3);
		assertThat(this.api.metric("candyflow_ingest_rejected_total", "reason=\"document\""))
			.isEqualTo(documentBefore + 5);
	}

	private Map<String, String> deadLetters(String run, int expected) {
		Map<String, String> reasons = new HashMap<>();
		try (Consumer<byte[], byte[]> consumer = new DefaultKafkaConsumerFactory<>(
				KafkaTestUtils.consumerProps(this.broker, "poison-" + run, false), new ByteArrayDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			this.broker.consumeFromAnEmbeddedTopic(consumer, "candy_prices_raw.DLT");
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				for (ConsumerRecord<byte[], byte[]> record : KafkaTestUtils.getRecords(consumer,
						Duration.ofMillis(500))) {
					Header mark = record.headers().lastHeader(RUN_HEADER);
					if (mark != null && run.equals(new String(mark.value(), StandardCharsets.UTF_8))) {
						reasons.put(record.partition() + "@" + record.offset(),
								new String(record.headers().lastHeader(DeadLetterRouter.REASON_HEADER).value(),
										StandardCharsets.UTF_8));
					}
				}
				return reasons.size() >= expected;
			});
		}
		return reasons;
	}

	private Map<String, Object> producerProps() {
		Map<String, Object> props = KafkaTestUtils.producerProps(this.broker);
		props.put("max.request.size", 2 * 1024 * 1024);
		return props;
	}

	private static String update(String candy, String store, String price, String timestamp) {
		return "{\"candy_id\":" + candy + ",\"store_id\":" + store + ",\"price\":" + price + ",\"timestamp\":"
				+ timestamp + "}";
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
