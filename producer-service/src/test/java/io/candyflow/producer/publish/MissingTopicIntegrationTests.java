package io.candyflow.producer.publish;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.candyflow.producer.LateBroker;
import io.candyflow.producer.ProducerClient;
import io.candyflow.producer.ProducerClient.Answer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker (real, embedded KRaft, no automatic topic creation) is up but the price
 * topic is not there yet: 503 and {@code kafka} DOWN until an operator creates it, then
 * 202 without a restart.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"candyflow.publish.topic=" + MissingTopicIntegrationTests.TOPIC,
				"candyflow.publish.health-probe-interval=1s" })
@EmbeddedKafka(brokerProperties = "auto.create.topics.enable=false")
@DirtiesContext
class MissingTopicIntegrationTests {

	static final String TOPIC = "created_later";

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Test
	void answers503UntilTheTopicIsCreatedThen202() throws Exception {
		ProducerClient producer = new ProducerClient(this.port);
		// Before any request: only the probe can know that the topic is missing.
		await().atMost(Duration.ofSeconds(20)).until(producer::kafkaHealth, "DOWN"::equals);
		String update = "{\"candy_id\":\"Candy7\",\"store_id\":\"Store2\",\"price\":3,\"timestamp\":1700000000}";
		Answer refused = producer.post(update);
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.retryAfter()).isNotBlank();
		assertThat(producer.kafkaHealth()).isEqualTo("DOWN");

		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString()))) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
		}
		// Again before any request: the probe finds the topic.
		await().atMost(Duration.ofSeconds(20)).until(producer::kafkaHealth, "UP"::equals);
		await().atMost(Duration.ofSeconds(60)).until(() -> producer.post(update).status(), (status) -> status == 202);
		assertThat(LateBroker.read(this.broker.getBrokersAsString(), TOPIC, 1))
			.contains("Candy7={\"candy_id\":\"Candy7\",\"store_id\":\"Store2\",\"price\":3,\"timestamp\":1700000000}");
	}

}
