package io.candyflow.consumer.query;

import java.time.Duration;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An export that the exports' memory budget cannot hold is a 503 problem, before any byte
 * of the stream, and takes nothing from the history: here the budget
 * ({@code candyflow.store.export-memory}) is smaller than one export of 1024-row chunks.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"candyflow.store.chunk-rows=1024", "candyflow.store.export-memory=32KB" })
@EmbeddedKafka(topics = { "candy_prices_raw", "candy_prices_raw.DLT" }, partitions = 1)
class ExportMemoryIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Test
	void anExportPastTheBudgetIsA503ProblemAndTheHistoryKeepsEverything() {
		RestClient client = RestClient.create("http://127.0.0.1:" + this.port);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(this.broker),
				new StringSerializer(), new StringSerializer())) {
			for (int i = 0; i < 3000; i++) {
				producer.send(new ProducerRecord<>("candy_prices_raw", "Bulk", "{\"candy_id\":\"Bulk\",\"store_id\":\"S"
						+ (i % 10) + "\",\"price\":1,\"timestamp\":" + (1_700_000_000 + i) + "}"));
			}
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> client.get().uri("/stats").retrieve().body(String.class).contains("\"rows\":3000"));

		for (String accept : new String[] { "application/vnd.apache.arrow.stream", "*/*" }) {
			ResponseEntity<String> export = client.get()
				.uri("/export")
				.header(HttpHeaders.ACCEPT, accept)
				.exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
					.headers(response.getHeaders())
					.body(new String(response.getBody().readAllBytes())));
			assertThat(export.getStatusCode().value()).isEqualTo(503);
			assertThat(export.getHeaders().getContentType()).hasToString("application/problem+json");
			assertThat(export.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
			assertThat(export.getBody()).contains("\"title\":\"Too many exports at once\"")
				.contains("memory budget (0 MiB)")
				.doesNotContain("Exception");
		}
		assertThat(client.get().uri("/stats").retrieve().body(String.class)).contains("\"rows\":3000")
			.contains("\"evicted_rows\":0")
			.contains("\"dropped_rows\":0");
	}

}
