package io.candyflow.consumer.bench;

import java.nio.charset.StandardCharsets;

import io.candyflow.consumer.web.JsonOutput;
import io.candyflow.consumer.web.QueryArguments;
import io.candyflow.consumer.web.Route;
import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /bench/constant}: the reference that {@code /cheapest} is measured against.
 * It takes the same parameter and answers a body of the same shape and size the same way
 * — as a Reactor Netty route with its meters, or, with the routes off, through WebFlux
 * like the controllers — but its bytes are written once: no store, no serialization. What
 * {@code /cheapest} takes beyond it is what the query costs.
 */
@RestController
@Hidden
@ConditionalOnBooleanProperty("candyflow.bench.constant-endpoint")
class ConstantController {

	static final String PATH = "/bench/constant";

	private static final byte[] ANSWER = "{\"candy_id\":\"Candy1\",\"store_id\":\"Store1\",\"price\":1.99,\"timestamp\":1700000000}"
		.getBytes(StandardCharsets.UTF_8);

	@GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
	byte[] constant(ServerHttpRequest request) {
		read(QueryArguments.of(request.getQueryParams()));
		return ANSWER;
	}

	@Bean
	static Route constantRoute() {
		return new Route(PATH, (arguments, out) -> write(arguments, out));
	}

	private static void write(QueryArguments arguments, JsonOutput out) {
		read(arguments);
		out.raw(ANSWER);
	}

	/**
	 * Reads the parameter as {@code /cheapest} does, so that both pay for the parsing.
	 */
	private static void read(QueryArguments arguments) {
		arguments.get("candy_id");
	}

}
