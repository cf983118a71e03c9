package io.candyflow.consumer.query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.candyflow.consumer.store.PriceStore;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /cheapest}: the cheapest current offer, of one candy or of all. Answered
 * from the offer index in constant time, whatever the size of the history.
 */
@RestController
class CheapestController {

	private final PriceStore store;

	CheapestController(PriceStore store) {
		this.store = store;
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
	OfferResponse cheapest(@Parameter(description = "the candy; all candies if absent",
			example = "Candy1") @RequestParam(name = "candy_id", required = false) String candyId) {
		if (candyId == null) {
			return this.store.cheapest().map(OfferResponse::of).orElseThrow(CandyNotFoundException::new);
		}
		String candy = QueryParameters.id("candy_id", candyId);
		return this.store.cheapest(candy).map(OfferResponse::of).orElseThrow(() -> new CandyNotFoundException(candy));
	}

}
