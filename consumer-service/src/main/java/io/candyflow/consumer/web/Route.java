package io.candyflow.consumer.web;

import org.springframework.util.Assert;

/**
 * A read endpoint answered by Reactor Netty itself, ahead of WebFlux: {@code GET} (and
 * {@code HEAD}) of one path, a JSON answer. Declare one as a bean; {@link FastRoutes}
 * serves every one.
 *
 * @param path the exact path, e.g. {@code /cheapest}
 * @param handler writes the answer
 */
public record Route(String path, Handler handler) {

	public Route {
		Assert.isTrue(path.startsWith("/") && path.indexOf('?') < 0, "path must be a plain absolute path");
	}

	/**
	 * Answers one request.
	 */
	@FunctionalInterface
	public interface Handler {

		/**
		 * Writes the JSON answer of a request, or throws the problem it is.
		 * @param arguments the request's query parameters
		 * @param out where the JSON goes
		 * @throws org.springframework.web.ErrorResponseException for a problem (4xx);
		 * anything else is a 500
		 */
		void answer(QueryArguments arguments, JsonOutput out);

	}

}
