package io.candyflow.consumer.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running consumer's HTTP API as the integration tests read it: bodies, statuses,
 * {@code /stats} fields and Prometheus samples.
 */
final class ConsumerApi {

	private final RestClient client;

	ConsumerApi(int port) {
		ReactorClientHttpRequestFactory requests = new ReactorClientHttpRequestFactory();
		// Spring's default is 10 s. On this shared 2-core machine the whole test JVM was
		// seen
		// to stand still for about 10 s (the store's writer logged nothing for as long),
		// failing a request that the awaits around it would have waited for.
		requests.setReadTimeout(Duration.ofSeconds(60));
		this.client = RestClient.builder().baseUrl("http://127.0.0.1:" + port).requestFactory(requests).build();
	}

	String body(String uri) {
		return this.client.get()
			.uri(uri)
			.exchange((request, response) -> new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
	}

	int status(String uri) {
		return this.client.get().uri(uri).exchange((request, response) -> {
			// read to its end, so that the pooled connection is clean for the next
			// request
			response.getBody().readAllBytes();
			return response.getStatusCode().value();
		});
	}

	/**
	 * One field of {@code /stats}.
	 */
	long stat(String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":(\\d+)").matcher(body("/stats"));
		assertThat(matcher.find()).as(name).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	/**
	 * The value of a Prometheus sample, the first one whose labels contain {@code label}
	 * ({@code null}: any labels).
	 */
	double metric(String name, String label) {
		String labels = (label != null) ? "\\{[^}]*" + Pattern.quote(label) + "[^}]*\\}" : "(?:\\{[^}]*\\})?";
		Matcher value = Pattern.compile("(?m)^" + name + labels + " (\\S+)$").matcher(body("/actuator/prometheus"));
		assertThat(value.find()).as(name + " " + label).isTrue();
		return Double.parseDouble(value.group(1));
	}

}
