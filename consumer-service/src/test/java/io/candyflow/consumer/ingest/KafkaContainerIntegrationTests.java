package io.candyflow.consumer.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer against Apache Kafka in a container, where Docker runs (GitHub Actions);
 * skipped, and reported as skipped, elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class KafkaContainerIntegrationTests {

	@Container
	@ServiceConnection
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");

	@LocalServerPort
	private int port;

	@BeforeAll
	static void createTopics() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
			admin
				.createTopics(List.of(new NewTopic("candy_prices_raw", 3, (short) 1),
						new NewTopic("candy_prices_raw.DLT", 3, (short) 1)))
				.all()
				.get();
		}
	}

	@Test
	void answersFromARecordOnTheBroker() {
		String update = "{\"candy_id\":\"Candy1\",\"store_id\":\"Store3\",\"price\":2.35,\"timestamp\":1700000000}";
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()), new StringSerializer(),
				new StringSerializer())) {
			producer.send(new ProducerRecord<>("candy_prices_raw", "Candy1", update));
		}
		RestClient client = RestClient.create("http://127.0.0.1:" + this.port);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String body = client.get()
				.uri("/cheapest?candy_id=Candy1")
				.exchange((request, response) -> new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
			assertThat(body).isEqualTo(update);
		});
	}

}
