package io.candyflow.consumer.query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.candyflow.consumer.store.StoreStats;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /stats}: what the store holds. Served by {@link QueryRoutes} ahead of
 * WebFlux; this controller documents the endpoint and answers it when the routes are off.
 */
@RestController
class StatsController {

	private final Queries queries;

	StatsController(Queries queries) {
		this.queries = queries;
	}

	@GetMapping("/stats")
	@Operation(summary = "What the store holds")
	@ApiResponse(responseCode = "200",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = StoreStats.class),
					examples = @ExampleObject(
							value = "{\"rows\":4,\"offers\":3,\"candies\":2,\"stores\":2,\"ingested\":4,\"rejected\":0,"
									+ "\"arrow_bytes\":2621440,\"evicted_rows\":0,\"dropped_rows\":0}")))
	StoreStats stats() {
		return this.queries.stats();
	}

}
