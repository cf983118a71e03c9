package io.candyflow.consumer.ingest;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running consumer's HTTP API as the integration tests read it: bodies, statuses,
 * {@code /stats} fields and Prometheus samples.
 */
final class ConsumerApi {

	private final RestClient client;

	ConsumerApi(int port) {
		this.client = RestClient.create("http://127.0.0.1:" + port);
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
