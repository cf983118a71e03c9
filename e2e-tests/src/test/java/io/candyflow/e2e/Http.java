package io.candyflow.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small blocking HTTP client for the tests; a refused connection counts as status 0.
 */
final class Http {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private Http() {
	}

	static HttpResponse<String> get(int port, String path) {
		return send(HttpRequest.newBuilder(uri(port, path)).GET());
	}

	static HttpResponse<String> post(int port, String path, String json) {
		return send(HttpRequest.newBuilder(uri(port, path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	static int status(int port, String path) {
		try {
			return client
				.send(HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return client.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A GET whose 200 body is read by {@code body}, and any other status's body kept as
	 * text.
	 */
	static ShardedIntegrationTests.Answer read(int port, String path, BodyReader body) {
		try {
			HttpResponse<InputStream> response = client.send(
					HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(15)).build(),
					HttpResponse.BodyHandlers.ofInputStream());
			String text;
			try (InputStream in = response.body()) {
				text = (response.statusCode() == 200) ? body.read(in)
						: new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			return new ShardedIntegrationTests.Answer(response.statusCode(),
					response.headers().firstValue("Retry-After"), response.headers().firstValue("Content-Type"),
					response.statusCode() + " " + text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Reads a body into the form it is compared in.
	 */
	@FunctionalInterface
	interface BodyReader {

		String read(InputStream body) throws IOException;

	}

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
