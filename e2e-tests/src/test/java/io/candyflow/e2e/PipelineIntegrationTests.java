package io.candyflow.e2e;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged producer and consumer, each its own JVM, on a real (embedded, KRaft)
 * broker: a JSON update posted to the producer is answered by the consumer's
 * {@code /cheapest}.
 */
@EmbeddedKafka(topics = { "candy_prices_raw", "candy_prices_raw.DLT" }, partitions = 6)
class PipelineIntegrationTests {

	@Test
	void anUpdatePostedToTheProducerIsAnsweredByTheConsumer(EmbeddedKafkaBroker broker) throws Exception {
		int consumerPort = Ports.free();
		int replicaPort = Ports.free();
		int producerPort = Ports.free();
		String kafka = "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString();
		try (ServiceProcess consumer = ServiceProcess.start("consumer-service", "consumer-service-exec.jar",
				"--server.port=" + consumerPort, kafka);
				ServiceProcess replica = ServiceProcess.start("consumer-service", "consumer-service-exec.jar",
						"--server.port=" + replicaPort, kafka);
				ServiceProcess producer = ServiceProcess.start("producer-service", "producer-service.jar",
						"--server.port=" + producerPort, kafka)) {
			consumer.awaitReady(consumerPort);
			replica.awaitReady(replicaPort);
			producer.awaitReady(producerPort);

			assertThat(Http.post(producerPort, "/prices", """
					[{"candy_id":"Candy1","store_id":"Store1","price":2.50,"timestamp":1700000000},
					 {"candy_id":"Candy1","store_id":"Store2","price":1.75,"timestamp":1700000000}]""").body())
				.isEqualTo("{\"accepted\":2}");
			awaitCheapest(consumerPort, "Candy1",
					"{\"candy_id\":\"Candy1\",\"store_id\":\"Store2\",\"price\":1.75,\"timestamp\":1700000000}");

			// a price rise at the cheapest store moves the answer to the next cheapest
			assertThat(Http
				.post(producerPort, "/prices",
						"{\"candy_id\":\"Candy1\",\"store_id\":\"Store2\",\"price\":3,\"timestamp\":1700000060}")
				.statusCode()).isEqualTo(202);
			awaitCheapest(consumerPort, "Candy1",
					"{\"candy_id\":\"Candy1\",\"store_id\":\"Store1\",\"price\":2.5,\"timestamp\":1700000000}");
			awaitCheapest(replicaPort, "Candy1",
					"{\"candy_id\":\"Candy1\",\"store_id\":\"Store1\",\"price\":2.5,\"timestamp\":1700000000}");
			for (String query : new String[] { "/offers", "/candies", "/history?candy_id=Candy1" }) {
				assertThat(Http.get(replicaPort, query).body()).as(query)
					.isEqualTo(Http.get(consumerPort, query).body());
			}

			// every metric the Grafana dashboard queries is one the services export
			Set<String> exported = new TreeSet<>(
					Dashboard.exported(Http.get(consumerPort, "/actuator/prometheus").body()));
			exported.addAll(Dashboard.exported(Http.get(producerPort, "/actuator/prometheus").body()));
			assertThat(Dashboard.metrics()).isNotEmpty().allSatisfy((metric) -> assertThat(exported).contains(metric));
		}
	}

	private static void awaitCheapest(int port, String candy, String expected) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(Http.get(port, "/cheapest?candy_id=" + candy).body()).isEqualTo(expected));
	}

}
