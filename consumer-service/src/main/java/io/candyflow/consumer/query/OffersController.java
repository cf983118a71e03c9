package io.candyflow.consumer.query;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.candyflow.consumer.store.PriceStore;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /offers} and {@code GET /candies}: the current offers, from the offer index.
 */
@RestController
class OffersController {

	private final PriceStore store;

	OffersController(PriceStore store) {
		this.store = store;
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
	List<OfferResponse> offers(
			@Parameter(example = "Candy1") @RequestParam(name = "candy_id", required = false) String candyId,
			@Parameter(example = "Store1") @RequestParam(name = "store_id", required = false) String storeId,
			@Parameter(description = "1 to 10000, default 100") @RequestParam(name = "limit",
					required = false) String limit) {
		String candy = QueryParameters.optionalId("candy_id", candyId);
		String storeFilter = QueryParameters.optionalId("store_id", storeId);
		int max = QueryParameters.limit(limit);
		if (candy != null && !this.store.knows(candy)) {
			throw new CandyNotFoundException(candy);
		}
		return this.store.offers(candy, storeFilter, max).stream().map(OfferResponse::of).toList();
	}

	@GetMapping("/candies")
	@Operation(summary = "Per candy: number of stores, min / max / avg current price, cheapest store")
	@ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
			array = @ArraySchema(schema = @Schema(implementation = CandyResponse.class)),
			examples = @ExampleObject(value = """
					[{"candy_id":"Candy1","stores":2,"min":1.99,"max":2.35,"avg":2.17,"cheapest_store":"Store1"}]""")))
	List<CandyResponse> candies() {
		return this.store.candies().stream().map(CandyResponse::of).toList();
	}

}
