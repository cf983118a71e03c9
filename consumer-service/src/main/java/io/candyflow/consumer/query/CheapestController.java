package io.candyflow.consumer.query;

import io.candyflow.consumer.web.QueryArguments;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /cheapest}: the cheapest current offer, of one candy or of all. Answered
 * from the offer index in constant time, whatever the size of the history. Served by
 * {@link QueryRoutes} ahead of WebFlux; this controller documents the endpoint and
 * answers it when the routes are off.
 */
@RestController
class CheapestController {

	private final Queries queries;

	CheapestController(Queries queries) {
		this.queries = queries;
	}

	@GetMapping("/cheapest")
	@Operation(summary = "The cheapest current offer, of one candy or of all",
			description = "Compares current offers only: the newest update of every (candy, store) by event time.")
	@ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
			schema = @Schema(implementation = OfferResponse.class),
			examples = @ExampleObject(
					value = "{\"candy_id\":\"Candy1\",\"store_id\":\"Store1\",\"price\":1.99,\"timestamp\":1700000000}")))
	@ApiResponse(responseCode = "404", description = "Unknown candy, or no price yet",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "400", description = "A candy_id that cannot exist",
			content = @Content(mediaType = "application/problem+json"))
	@Parameter(name = "candy_id", in = ParameterIn.QUERY, description = "the candy; all candies if absent",
			example = "Candy1")
	OfferResponse cheapest(ServerHttpRequest request) {
		return OfferResponse.of(this.queries.cheapest(QueryArguments.of(request.getQueryParams())));
	}

}
