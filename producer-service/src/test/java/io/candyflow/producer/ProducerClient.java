package io.candyflow.producer;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The producer's HTTP API as the tests that take Kafka away use it.
 */
public final class ProducerClient {

	private static final Pattern KAFKA_STATUS = Pattern.compile("\"kafka\":\\{\"status\":\"([A-Z_]+)\"");

	private final RestClient client;

	public ProducerClient(int port) {
		this.client = RestClient.create("http://127.0.0.1:" + port);
	}

	/**
	 * {@code POST /prices}.
	 * @param body the request body
	 * @return the answer, whatever its status
	 */
	public Answer post(String body) {
		return this.client.post()
			.uri("/prices")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange((request, response) -> new Answer(response.getStatusCode().value(),
					response.getHeaders().getContentType(), response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER),
					new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
	}

	/**
	 * {@code GET} of an Actuator path.
	 * @param path e.g. {@code /actuator/health}
	 * @return the answer, whatever its status
	 */
	public Answer get(String path) {
		return this.client.get()
			.uri(path)
			.exchange((request, response) -> new Answer(response.getStatusCode().value(),
					response.getHeaders().getContentType(), null,
					new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
	}

	/**
	 * The status of the {@code kafka} component of {@code /actuator/health}.
	 * @return {@code UP}, {@code DOWN}, ...
	 */
	public String kafkaHealth() {
		String body = get("/actuator/health").body();
		Matcher matcher = KAFKA_STATUS.matcher(body);
		if (!matcher.find()) {
			throw new IllegalStateException("No kafka component in " + body);
		}
		return matcher.group(1);
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status its status code
	 * @param contentType its content type
	 * @param retryAfter its {@code Retry-After} header
	 * @param body its body
	 */
	public record Answer(int status, MediaType contentType, String retryAfter, String body) {
	}

}
