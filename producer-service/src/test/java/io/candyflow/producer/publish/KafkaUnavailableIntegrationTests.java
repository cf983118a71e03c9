package io.candyflow.producer.publish;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no broker at all (a real Kafka client pointed at a port where nothing listens),
 * {@code POST /prices} answers 503 within the 10 s the API promises, whatever the batch
 * size.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class KafkaUnavailableIntegrationTests {

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void nowhere(DynamicPropertyRegistry registry) throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			int unused = socket.getLocalPort();
			registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + unused);
		}
	}

	@Test
	void answers503WithinTenSecondsForABatch() {
		String item = "{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":1}";
		String body = "[" + String.join(",", java.util.Collections.nCopies(50, item)) + "]";
		long start = System.nanoTime();
		int status = RestClient.create("http://127.0.0.1:" + this.port)
			.post()
			.uri("/prices")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange((request, response) -> {
				assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
				return response.getStatusCode().value();
			});
		assertThat(status).isEqualTo(503);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		String health = RestClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/actuator/health")
			.exchange((request, response) -> new String(response.getBody().readAllBytes()));
		assertThat(health).contains("\"kafka\":{\"status\":\"DOWN\"}").doesNotContain("details");
		assertThat(RestClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.body(String.class)).containsPattern("candyflow_producer_failed_total\\{application=\"producer\"\\} [1-9]");
	}

}
