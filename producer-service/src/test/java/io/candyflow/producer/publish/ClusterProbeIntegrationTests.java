package io.candyflow.producer.publish;

import java.time.Duration;

import io.candyflow.producer.LateBroker;
import io.candyflow.producer.ProducerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With no traffic at all (no request, simulator off), the {@code kafka} component follows
 * the periodic cluster probe as a real (embedded, KRaft) broker comes and goes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "candyflow.publish.health-probe-interval=1s")
@DirtiesContext
class ClusterProbeIntegrationTests {

	@RegisterExtension
	static final LateBroker broker = new LateBroker();

	@LocalServerPort
	private int port;

	@Autowired
	private PublishHealthIndicator indicator;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
	}

	@Test
	void healthFollowsTheProbeWithoutTraffic() {
		ProducerClient producer = new ProducerClient(this.port);
		await().atMost(Duration.ofSeconds(20)).until(producer::kafkaHealth, "DOWN"::equals);
		// The reason stays in the details, which the endpoint does not show.
		assertThat(this.indicator.health().getDetails()).containsKey("error");
		assertThat(producer.get("/actuator/health").body()).doesNotContain("details");

		broker.start("candy_prices_raw");
		await().atMost(Duration.ofSeconds(30)).until(producer::kafkaHealth, "UP"::equals);

		broker.stop();
		await().atMost(Duration.ofSeconds(30)).until(producer::kafkaHealth, "DOWN"::equals);
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.DOWN);

		String prometheus = producer.get("/actuator/prometheus").body();
		assertThat(prometheus).contains("candyflow_producer_published_total{application=\"producer\"} 0.0",
				"candyflow_producer_failed_total{application=\"producer\"} 0.0");
	}

}
