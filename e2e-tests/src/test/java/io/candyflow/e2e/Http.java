package io.candyflow.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

}
