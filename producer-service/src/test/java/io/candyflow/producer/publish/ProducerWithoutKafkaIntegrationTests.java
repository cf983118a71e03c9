package io.candyflow.producer.publish;

import java.time.Duration;

import io.candyflow.producer.LateBroker;
import io.candyflow.producer.ProducerClient;
import io.candyflow.producer.ProducerClient.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The producer starts with no broker at all, answers 503 and reports {@code kafka} DOWN,
 * and publishes without a restart once a (real, embedded KRaft) broker appears.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "candyflow.publish.health-probe-interval=1s")
@DirtiesContext
class ProducerWithoutKafkaIntegrationTests {

	@RegisterExtension
	static final LateBroker broker = new LateBroker();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
	}

	@Test
	void startsWithoutKafkaAnswers503AndPublishesOnceTheBrokerIsThere() {
		ProducerClient producer = new ProducerClient(this.port);
		// Before any request: only the probe can know.
		await().atMost(Duration.ofSeconds(20)).until(producer::kafkaHealth, "DOWN"::equals);
		// Ready to serve: its answer is a 503 with Retry-After, which a load balancer
		// should pass on rather than turn into a connection refused.
		assertThat(producer.get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(producer.get("/actuator/health/liveness").status()).isEqualTo(200);

		String update = "{\"candy_id\":\"Late1\",\"store_id\":\"Store1\",\"price\":1.25,\"timestamp\":1700000000}";
		long start = System.nanoTime();
		Answer refused = producer.post(update);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.retryAfter()).isNotBlank();
		assertThat(refused.body()).contains("\"title\":\"Kafka unavailable\"");
		assertThat(producer.get("/actuator/health").body()).contains("\"kafka\":{\"status\":\"DOWN\"}")
			.doesNotContain("details");

		broker.start("candy_prices_raw");
		await().atMost(Duration.ofSeconds(60)).until(() -> producer.post(update).status(), (status) -> status == 202);
		await().atMost(Duration.ofSeconds(20)).until(producer::kafkaHealth, "UP"::equals);
		assertThat(LateBroker.read(broker.bootstrapServers(), "candy_prices_raw", 1))
			.contains("Late1={\"candy_id\":\"Late1\",\"store_id\":\"Store1\",\"price\":1.25,\"timestamp\":1700000000}");
	}

}
