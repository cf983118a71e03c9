package io.candyflow.producer.simulator;

import java.time.Duration;

import io.candyflow.producer.LateBroker;
import io.candyflow.producer.ProducerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With only the simulator's traffic, the {@code kafka} component follows what its sends
 * meet: DOWN while no broker is there, UP once a (real, embedded KRaft) broker takes
 * them, DOWN again when it goes away. The cluster probe runs once an hour here, so it is
 * the sends, not the probe, that move it after the start.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "candyflow.simulator.enabled=true", "candyflow.simulator.rate=50",
				"candyflow.publish.health-probe-interval=1h" })
@DirtiesContext
class SimulatorHealthIntegrationTests {

	@RegisterExtension
	static final LateBroker broker = new LateBroker();

	@LocalServerPort
	private int port;

	@Autowired
	private PriceSimulator simulator;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
	}

	@Test
	void healthFollowsTheSimulatorsSendsThroughAnOutage() {
		ProducerClient producer = new ProducerClient(this.port);
		await().atMost(Duration.ofSeconds(30)).until(producer::kafkaHealth, "DOWN"::equals);

		broker.start("candy_prices_raw");
		await().atMost(Duration.ofSeconds(60)).until(producer::kafkaHealth, "UP"::equals);
		long sent = this.simulator.status().sent();
		assertThat(sent).isPositive();

		broker.stop();
		await().atMost(Duration.ofSeconds(60)).until(producer::kafkaHealth, "DOWN"::equals);
		assertThat(this.simulator.status().failed()).isPositive();
	}

}
