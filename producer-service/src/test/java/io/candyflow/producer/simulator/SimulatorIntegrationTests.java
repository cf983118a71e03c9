package io.candyflow.producer.simulator;

import java.time.Duration;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The simulator, switched on at run time, publishing to a real (embedded, KRaft) broker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(topics = "candy_prices_raw", partitions = 3)
class SimulatorIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Autowired
	private PriceSimulator simulator;

	@Test
	void switchesOnAtRunTimeAndPublishesAtTheRequestedRate() {
		RestClient client = RestClient.create("http://127.0.0.1:" + this.port);
		assertThat(client.get().uri("/simulator").retrieve().body(String.class)).contains("\"enabled\":false");
		String status = client.put()
			.uri("/simulator")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"enabled\":true,\"rate\":500,\"candies\":2,\"stores\":3}")
			.retrieve()
			.body(String.class);
		assertThat(status).contains("\"enabled\":true", "\"rate\":500", "\"candies\":2", "\"stores\":3");
		assertThat(client.get().uri("/actuator/prometheus").retrieve().body(String.class))
			.contains("candyflow_simulator_rate{application=\"producer\"} 500.0");
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> this.simulator.status().sent() >= 500);
			assertThat(client.get().uri("/actuator/prometheus").retrieve().body(String.class))
				.containsPattern("candyflow_producer_published_total\\{application=\"producer\"\\} [1-9]");
		}
		finally {
			client.put()
				.uri("/simulator")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"enabled\":false}")
				.retrieve()
				.toBodilessEntity();
		}
		try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
				KafkaTestUtils.consumerProps(this.broker, "simulator-check", false), new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			this.broker.consumeFromAnEmbeddedTopic(consumer, "candy_prices_raw");
			assertThat(KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(10), 500))
				.allSatisfy((record) -> assertThat(record.key()).isIn("Candy1", "Candy2"));
		}
	}

	@Test
	void rejectsAnInvalidRateWithAProblem() {
		int status = RestClient.create("http://127.0.0.1:" + this.port)
			.put()
			.uri("/simulator")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"rate\":0}")
			.exchange((request, response) -> {
				assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
				return response.getStatusCode().value();
			});
		assertThat(status).isEqualTo(400);
		assertThat(this.simulator.status().rate()).isEqualTo(200);
	}

	@Test
	void rejectsAMarketTooLargeToHoldWithAProblem() {
		SimulatorStatus before = this.simulator.status();
		int status = RestClient.create("http://127.0.0.1:" + this.port)
			.put()
			.uri("/simulator")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"candies\":100000,\"stores\":10000}")
			.exchange((request, response) -> response.getStatusCode().value());
		assertThat(status).isEqualTo(400);
		assertThat(this.simulator.status().candies()).isEqualTo(before.candies());
		assertThat(this.simulator.status().stores()).isEqualTo(before.stores());
	}

}
