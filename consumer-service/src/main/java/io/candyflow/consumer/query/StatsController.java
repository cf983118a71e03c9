package io.candyflow.consumer.query;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.store.StoreStats;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /stats}: what the store holds.
 */
@RestController
class StatsController {

	private final PriceStore store;

	StatsController(PriceStore store) {
		this.store = store;
	}

	@GetMapping("/stats")
	StoreStats stats() {
		return this.store.stats();
	}

}
