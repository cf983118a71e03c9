package io.candyflow.consumer.query;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code /offers} and {@code /candies} through WebFlux over a real store.
 */
@WebFluxTest(OffersController.class)
@Import({ QueryTestStore.class, Queries.class })
class OffersControllerTests {

	@Autowired
	private WebTestClient client;

	@Test
	void listsAllCurrentOffersCheapestFirst() {
		expectJson("/offers", """
				[{"candy_id":"Candy1","store_id":"Store2","price":1.99,"timestamp":1700000000.5},
				 {"candy_id":"Candy1","store_id":"Store1","price":2.5,"timestamp":1700000060},
				 {"candy_id":"Candy2","store_id":"Store1","price":1000000,"timestamp":1700000001}]""");
	}

	@Test
	void filtersByCandyByStoreAndLimits() {
		expectJson("/offers?candy_id=Candy1&limit=1",
				"[{\"candy_id\":\"Candy1\",\"store_id\":\"Store2\",\"price\":1.99,\"timestamp\":1700000000.5}]");
		this.client.get()
			.uri("/offers?store_id=Store1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[*].candy_id")
			.isEqualTo(List.of("Candy1", "Candy2"));
		expectJson("/offers?candy_id=Candy2&store_id=Store2", "[]");
	}

	@Test
	void summarisesEveryCandy() {
		expectJson("/candies",
				"""
						[{"candy_id":"Candy1","stores":2,"min":1.99,"max":2.5,"avg":2.245,"cheapest_store":"Store2"},
						 {"candy_id":"Candy2","stores":1,"min":1000000,"max":1000000,"avg":1000000,"cheapest_store":"Store1"}]""");
	}

	private void expectJson(String uri, String json) {
		this.client.get().uri(uri).exchange().expectStatus().isOk().expectBody().json(json, JsonCompareMode.STRICT);
	}

}
