package io.candyflow.consumer.query;

import java.util.List;

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
	List<OfferResponse> offers(@RequestParam(name = "candy_id", required = false) String candyId,
			@RequestParam(name = "store_id", required = false) String storeId,
			@RequestParam(name = "limit", required = false) String limit) {
		String candy = QueryParameters.optionalId("candy_id", candyId);
		String storeFilter = QueryParameters.optionalId("store_id", storeId);
		int max = QueryParameters.limit(limit);
		if (candy != null && !this.store.knows(candy)) {
			throw new CandyNotFoundException(candy);
		}
		return this.store.offers(candy, storeFilter, max).stream().map(OfferResponse::of).toList();
	}

	@GetMapping("/candies")
	List<CandyResponse> candies() {
		return this.store.candies().stream().map(CandyResponse::of).toList();
	}

}
