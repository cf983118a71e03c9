package io.candyflow.consumer.query;

import java.util.List;

import io.candyflow.consumer.web.QueryArguments;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /offers} and {@code GET /candies}: the current offers, from the offer index.
 * Served by {@link QueryRoutes} ahead of WebFlux; this controller documents the endpoints
 * and answers them when the routes are off.
 */
@RestController
class OffersController {

	private final Queries queries;

	OffersController(Queries queries) {
		this.queries = queries;
	}

	@GetMapping("/offers")
	@Operation(summary = "Current offers, cheapest first, optionally of one candy and/or at one store")
	@ApiResponse(responseCode = "200",
			content = @Content(mediaType = "application/json",
					array = @ArraySchema(schema = @Schema(implementation = OfferResponse.class)),
					examples = @ExampleObject(value = """
							[{"candy_id":"Candy1","store_id":"Store1","price":1.99,"timestamp":1700000000},
							 {"candy_id":"Candy1","store_id":"Store3","price":2.35,"timestamp":1700000000}]""")))
	@ApiResponse(responseCode = "404", description = "Unknown candy",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "400", description = "A bad parameter",
			content = @Content(mediaType = "application/problem+json"))
	@Parameter(name = "candy_id", in = ParameterIn.QUERY, example = "Candy1")
	@Parameter(name = "store_id", in = ParameterIn.QUERY, example = "Store1")
	@Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 10000, default 100")
	List<OfferResponse> offers(ServerHttpRequest request) {
		return this.queries.offers(QueryArguments.of(request.getQueryParams()))
			.stream()
			.map(OfferResponse::of)
			.toList();
	}

	@GetMapping("/candies")
	@Operation(summary = "Per candy: number of stores, min / max / avg current price, cheapest store")
	@ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
			array = @ArraySchema(schema = @Schema(implementation = CandyResponse.class)),
			examples = @ExampleObject(value = """
					[{"candy_id":"Candy1","stores":2,"min":1.99,"max":2.35,"avg":2.17,"cheapest_store":"Store1"}]""")))
	List<CandyResponse> candies() {
		return this.queries.candies().stream().map(CandyResponse::of).toList();
	}

}
