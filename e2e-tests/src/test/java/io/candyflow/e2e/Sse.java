package io.candyflow.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The first event of {@code GET /stream}, the snapshot of every candy, read as a
 * browser's EventSource would; without its time, which is when it was sent.
 */
final class Sse {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private Sse() {
	}

	static ShardedIntegrationTests.Answer snapshot(int port) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stream"))
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(15))
			.build();
		try {
			HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
			String body;
			try (InputStream in = response.body()) {
				body = (response.statusCode() == 200) ? firstEvent(in)
						: new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			return new ShardedIntegrationTests.Answer(response.statusCode(),
					response.headers().firstValue("Retry-After"), response.headers().firstValue("Content-Type"),
					response.statusCode() + " " + body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String firstEvent(InputStream in) throws IOException {
		BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		StringBuilder event = new StringBuilder();
		String line;
		while ((line = lines.readLine()) != null) {
			if (line.isEmpty() && event.length() > 0) {
				break;
			}
			if (line.startsWith("event:") || line.startsWith("data:")) {
				event.append(line).append('\n');
			}
		}
		return event.toString().replaceAll("\"time\":\\d+,", "");
	}

}
