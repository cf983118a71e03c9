package io.candyflow.consumer.query;

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
	OfferResponse cheapest(@RequestParam(name = "candy_id", required = false) String candyId) {
		if (candyId == null) {
			return this.store.cheapest().map(OfferResponse::of).orElseThrow(CandyNotFoundException::new);
		}
		String candy = QueryParameters.id("candy_id", candyId);
		return this.store.cheapest(candy).map(OfferResponse::of).orElseThrow(() -> new CandyNotFoundException(candy));
	}

}
