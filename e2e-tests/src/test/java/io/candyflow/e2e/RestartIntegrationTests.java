package io.candyflow.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer restart loses nothing: a new consumer rebuilds its state from the topic, is
 * not ready (503) while it does, and then answers exactly as the old one did.
 */
@EmbeddedKafka(topics = { "candy_prices_raw", "candy_prices_raw.DLT" }, partitions = 6)
class RestartIntegrationTests {

	private static final int UPDATES = 60_000;

	private static final String[] QUERIES = { "/stats", "/candies", "/offers?limit=10000",
			"/history?candy_id=Candy7&limit=10000", "/cheapest" };

	@Test
	void aNewConsumerRebuildsTheSameStateAndIsNotReadyUntilThen(EmbeddedKafkaBroker broker) throws Exception {
		produce(broker.getBrokersAsString());
		String kafka = "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString();
		Map<String, String> before = new java.util.LinkedHashMap<>();
		int port = Ports.free();
		try (ServiceProcess first = ServiceProcess.start("consumer-service", "consumer-service-exec.jar",
				"--server.port=" + port, kafka)) {
			first.awaitReady(port);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> Http.get(port, "/stats").body().contains("\"ingested\":" + UPDATES + ","));
			for (String query : QUERIES) {
				before.put(query, Http.get(port, query).body());
			}
		}
		// the second consumer takes small bites, so that its catch-up can be watched
		int secondPort = Ports.free();
		AtomicBoolean sawNotReady = new AtomicBoolean();
		try (ServiceProcess second = ServiceProcess.start("consumer-service", "consumer-service-exec.jar",
				"--server.port=" + secondPort, kafka, "--spring.kafka.consumer.max-poll-records=20")) {
			await().atMost(Duration.ofSeconds(120))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> {
					int status = Http.status(secondPort, "/actuator/health/readiness");
					if (status == 503) {
						sawNotReady.set(true);
					}
					return status == 200;
				});
			assertThat(sawNotReady).as("readiness was DOWN during catch-up").isTrue();
			assertThat(Http.get(secondPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
			String metrics = Http.get(secondPort, "/actuator/prometheus").body();
			assertThat(metrics).as("the replay is measured from the first record")
				.contains("candyflow_ingest_replay_records{application=\"consumer\"} " + UPDATES + ".0")
				.containsPattern("candyflow_ingest_replay_duration_seconds\\{application=\"consumer\"} 0\\.\\d*[1-9]|"
						+ "candyflow_ingest_replay_duration_seconds\\{application=\"consumer\"} [1-9]");
			for (String query : QUERIES) {
				assertThat(Http.get(secondPort, query).body()).as(query).isEqualTo(before.get(query));
			}
		}
	}

	private static void produce(String servers) {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
				ProducerConfig.LINGER_MS_CONFIG, 5);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			for (int i = 0; i < UPDATES; i++) {
				String candy = "Candy" + (i % 20);
				producer.send(new ProducerRecord<>("candy_prices_raw", candy,
						"{\"candy_id\":\"" + candy + "\",\"store_id\":\"Store" + (i % 13) + "\",\"price\":"
								+ (1 + i % 500) / 100.0 + ",\"timestamp\":" + (1_700_000_000 + i / 7) + "}"));
			}
		}
	}

}
