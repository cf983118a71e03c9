package io.candyflow.consumer.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.candyflow.consumer.web.RawHttp.Answer;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One request, answered by either of the consumer's two HTTP stacks in one running
 * application: the Reactor Netty routes on the real port, and WebFlux (the controllers)
 * through its handler, bound without a server.
 */
public final class BothStacks {

	private final int port;

	private final WebTestClient webflux;

	public BothStacks(int port, ApplicationContext context) {
		this.port = port;
		this.webflux = WebTestClient.bindToApplicationContext(context).build();
	}

	/** The answer of the real port: a route's, for the paths routes serve. */
	public Answer routes(String method, String target, String... headers) {
		try {
			return RawHttp.exchange(this.port, method, target, headers);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The answer of WebFlux's handler for the same request. */
	public Answer webflux(String method, String target, String... headers) {
		EntityExchangeResult<byte[]> result = this.webflux.method(HttpMethod.valueOf(method))
			.uri(URI.create(target))
			.headers((http) -> {
				for (String header : headers) {
					int colon = header.indexOf(':');
					http.add(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
				}
			})
			.exchange()
			.expectBody(byte[].class)
			.returnResult();
		Map<String, String> answerHeaders = new LinkedHashMap<>();
		result.getResponseHeaders()
			.forEach((name, values) -> answerHeaders.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
		byte[] body = result.getResponseBody();
		return new Answer(result.getStatus().value(), answerHeaders, (body != null) ? body : new byte[0]);
	}

}
