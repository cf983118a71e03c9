package io.candyflow.consumer.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * From records on a real (embedded, KRaft) broker to the consumer's answers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(topics = { "candy_prices_raw", "candy_prices_raw.DLT" }, partitions = 3)
class IngestIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Autowired
	private KafkaListenerEndpointRegistry registry;

	private ConsumerApi api;

	@BeforeEach
	void connect() {
		this.api = new ConsumerApi(this.port);
	}

	@Test
	void understandsARecordInTheOriginalCandyFlowFormat() {
		send("Original", "{\"candy_id\":\"Original\",\"store_id\":\"Store3\",\"price\":2.35,\"timestamp\":1700000000}");
		awaitCheapest("Original",
				"{\"candy_id\":\"Original\",\"store_id\":\"Store3\",\"price\":2.35,\"timestamp\":1700000000}");
	}

	@Test
	void followsPriceRisesAndIgnoresLateUpdates() {
		send("Rising", update("Rising", "A", "1.00", 1_700_000_000));
		send("Rising", update("Rising", "B", "2.00", 1_700_000_000));
		send("Rising", update("Rising", "A", "3.00", 1_700_000_010));
		// late: older than A's current offer, so it must not bring A's price back down
		send("Rising", update("Rising", "A", "0.50", 1_700_000_005));
		awaitCheapest("Rising", update("Rising", "B", "2", 1_700_000_000));
	}

	@Test
	void sendsBadRecordsToTheDeadLetterTopicAndKeepsIngesting() {
		long rejectedBefore = this.api.stat("rejected");
		send("Poison", "not json at all");
		send("Poison", update("Poison", "S", "-1", 1_700_000_000));
		send("Poison", update("Poison", "S", "4.20", 1_700_000_000));
		awaitCheapest("Poison", update("Poison", "S", "4.2", 1_700_000_000));
		assertThat(this.api.stat("rejected")).isEqualTo(rejectedBefore + 2);

		try (Consumer<byte[], byte[]> consumer = new DefaultKafkaConsumerFactory<>(
				KafkaTestUtils.consumerProps(this.broker, "dlt-check", false), new ByteArrayDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			this.broker.consumeFromAnEmbeddedTopic(consumer, "candy_prices_raw.DLT");
			Map<String, String> reasons = new java.util.HashMap<>();
			for (ConsumerRecord<byte[], byte[]> record : KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(10),
					2)) {
				reasons.put(new String(record.value(), StandardCharsets.UTF_8),
						header(record, DeadLetterRouter.REASON_HEADER));
				assertThat(header(record, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo("candy_prices_raw");
			}
			assertThat(reasons).containsEntry("not json at all", "$: is not valid JSON (line 1, column 1)")
				.containsEntry(update("Poison", "S", "-1", 1_700_000_000), "price: must be greater than 0");
		}
	}

	@Test
	void aReassignedListenerReplaysTheTopicWithoutCountingAnythingTwice() {
		send("Replay", update("Replay", "S", "1.50", 1_700_000_000));
		awaitCheapest("Replay", update("Replay", "S", "1.5", 1_700_000_000));
		long ingested = this.api.stat("ingested");
		long rows = this.api.stat("rows");
		MessageListenerContainer container = this.registry.getListenerContainer(PriceListener.ID);
		// a restarted container is assigned its partitions again and seeks back to offset
		// 0
		container.stop();
		container.start();
		send("Replay", update("Replay", "S", "1.25", 1_700_000_001));
		awaitCheapest("Replay", update("Replay", "S", "1.25", 1_700_000_001));
		assertThat(this.api.stat("ingested")).isEqualTo(ingested + 1);
		assertThat(this.api.stat("rows")).isEqualTo(rows + 1);
	}

	@Test
	void reportsTheStoreAsGaugesForPrometheus() {
		send("Gauged", update("Gauged", "S", "1", 1_700_000_000));
		awaitCheapest("Gauged", update("Gauged", "S", "1", 1_700_000_000));
		String prometheus = this.api.body("/actuator/prometheus");
		assertThat(prometheus).contains("candyflow_store_rows{", "candyflow_store_offers{", "candyflow_store_candies{",
				"candyflow_store_arrow_bytes{");
		assertThat(this.api.metric("candyflow_store_rows", null)).isGreaterThanOrEqualTo(1);
	}

	@Test
	void countsRecordsAndTimesBatchesAndFreshness() {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.api.status("/actuator/health/readiness") == 200);
		double records = this.api.metric("candyflow_ingest_records_total", null);
		double fresh = this.api.metric("candyflow_freshness_seconds_count", null);
		double batches = this.api.metric("candyflow_ingest_batch_seconds_count", null);
		send("Metered", update("Metered", "S", "3", System.currentTimeMillis() / 1000));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.api.metric("candyflow_ingest_records_total", null)).isEqualTo(records + 1);
			assertThat(this.api.metric("candyflow_freshness_seconds_count", null)).isEqualTo(fresh + 1);
			assertThat(this.api.metric("candyflow_ingest_batch_seconds_count", null)).isGreaterThan(batches);
		});
		assertThat(this.api.body("/actuator/prometheus")).contains("candyflow_freshness_seconds_bucket{",
				"candyflow_ingest_rejected_total{application=\"consumer\",reason=\"timestamp\"}",
				"kafka_consumer_fetch_manager_records_lag_max{");
	}

	@Test
	void exposesOnlyHealthInfoMetricsAndPrometheus() {
		for (String open : new String[] { "/actuator/health", "/actuator/info", "/actuator/metrics",
				"/actuator/prometheus" }) {
			assertThat(this.api.status(open)).as(open).isEqualTo(200);
		}
		for (String closed : new String[] { "/actuator/env", "/actuator/beans", "/actuator/configprops",
				"/actuator/heapdump", "/actuator/threaddump" }) {
			assertThat(this.api.status(closed)).as(closed).isEqualTo(404);
		}
	}

	@Test
	void isReadyOnceCaughtUp() {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.api.status("/actuator/health/readiness")).isEqualTo(200));
		assertThat(this.api.body("/actuator/health")).contains("\"kafka\":{\"status\":\"UP\"",
				"\"catchUp\":{\"status\":\"UP\"");
	}

	private void send(String key, String value) {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(this.broker),
				new StringSerializer(), new StringSerializer())) {
			producer.send(new ProducerRecord<>("candy_prices_raw", key, value));
		}
	}

	private void awaitCheapest(String candy, String expected) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.api.body("/cheapest?candy_id=" + candy)).isEqualTo(expected));
	}

	private static String update(String candy, String store, String price, long seconds) {
		return "{\"candy_id\":\"" + candy + "\",\"store_id\":\"" + store + "\",\"price\":" + price + ",\"timestamp\":"
				+ seconds + "}";
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
