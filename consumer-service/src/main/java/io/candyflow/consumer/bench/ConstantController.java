package io.candyflow.consumer.bench;

import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /bench/constant}: the reference that {@code /cheapest} is measured against.
 * It takes the same parameter and answers a body of the same shape and size through the
 * same filters, dispatcher and metrics, but its bytes are written once: no store, no
 * serialization. What {@code /cheapest} takes beyond it is what the query costs.
 */
@RestController
@Hidden
@ConditionalOnBooleanProperty("candyflow.bench.constant-endpoint")
class ConstantController {

	private static final byte[] ANSWER = "{\"candy_id\":\"Candy1\",\"store_id\":\"Store1\",\"price\":1.99,\"timestamp\":1700000000}"
		.getBytes(StandardCharsets.UTF_8);

	@GetMapping(path = "/bench/constant", produces = MediaType.APPLICATION_JSON_VALUE)
	byte[] constant(@RequestParam(name = "candy_id", required = false) String candyId) {
		return ANSWER;
	}

}
