package io.candyflow.producer.security;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an API key configured, writes need it and reads do not.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"candyflow.security.api-key=s3cret" })
@EmbeddedKafka(topics = "candy_prices_raw", partitions = 1)
class ApiKeyIntegrationTests {

	private static final String UPDATE = "{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":1}";

	@LocalServerPort
	private int port;

	@Test
	void writesWithoutTheKeyAre401ProblemsAndPublishNothing() {
		assertThat(status(post("/prices", UPDATE, null))).isEqualTo(401);
		assertThat(status(post("/prices", UPDATE, "wrong"))).isEqualTo(401);
		assertThat(status(
				client().put().uri("/simulator").contentType(MediaType.APPLICATION_JSON).body("{\"enabled\":true}")))
			.isEqualTo(401);
		String problem = post("/prices", UPDATE, null).exchange((request, response) -> {
			assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			return new String(response.getBody().readAllBytes());
		});
		assertThat(problem).contains("\"status\":401").contains("X-API-Key");
	}

	@Test
	void writesWithTheKeyAndReadsWithoutItWork() {
		assertThat(status(post("/prices", UPDATE, "s3cret"))).isEqualTo(202);
		assertThat(status(client().get().uri("/simulator"))).isEqualTo(200);
		assertThat(status(client().get().uri("/actuator/health"))).isEqualTo(200);
	}

	@Test
	void exposesOnlyHealthInfoMetricsAndPrometheusAndBoundsEveryBody() {
		for (String open : new String[] { "/actuator/health", "/actuator/info", "/actuator/metrics",
				"/actuator/prometheus" }) {
			assertThat(status(client().get().uri(open))).as(open).isEqualTo(200);
		}
		for (String closed : new String[] { "/actuator/env", "/actuator/beans", "/actuator/configprops",
				"/actuator/heapdump", "/actuator/loggers" }) {
			assertThat(status(client().get().uri(closed))).as(closed).isEqualTo(404);
		}
		String big = "{\"rate\":1" + " ".repeat(2 * 1024 * 1024) + "}";
		assertThat(status(client().put()
			.uri("/simulator")
			.header(ApiKeyFilter.HEADER, "s3cret")
			.contentType(MediaType.APPLICATION_JSON)
			.body(big))).isEqualTo(413);
	}

	@Test
	void boundsABodySentWithoutALength() throws Exception {
		byte[] big = ("[" + " ".repeat(2 * 1024 * 1024) + "]").getBytes();
		java.net.http.HttpRequest request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.port + "/prices"))
			.header(ApiKeyFilter.HEADER, "s3cret")
			.header("Content-Type", "application/json")
			// an InputStream publisher sends the body chunked, with no Content-Length
			.POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
			.build();
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
	}

	private RestClient.RequestBodySpec post(String uri, String body, String key) {
		RestClient.RequestBodySpec request = client().post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body);
		return (key != null) ? request.header(ApiKeyFilter.HEADER, key) : request;
	}

	private static int status(RestClient.RequestHeadersSpec<?> request) {
		return request.exchange((req, response) -> response.getStatusCode().value());
	}

	private RestClient client() {
		return RestClient.create("http://127.0.0.1:" + this.port);
	}

}
