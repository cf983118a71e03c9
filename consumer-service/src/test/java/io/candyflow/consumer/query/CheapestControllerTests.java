package io.candyflow.consumer.query;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code /cheapest} and {@code /stats} through WebFlux over a real store.
 */
@WebFluxTest({ CheapestController.class, StatsController.class })
@Import({ QueryTestStore.class, Queries.class })
class CheapestControllerTests {

	@Autowired
	private WebTestClient client;

	@Test
	void answersTheCheapestCurrentOfferOfACandy() {
		this.client.get()
			.uri("/cheapest?candy_id=Candy1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody()
			.json("{\"candy_id\":\"Candy1\",\"store_id\":\"Store2\",\"price\":1.99,\"timestamp\":1700000000.5}",
					JsonCompareMode.STRICT);
	}

	@Test
	void trimsTheCandyIdLikeTheWireFormatDoes() {
		this.client.get()
			.uri("/cheapest?candy_id= Candy2 ")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"candy_id\":\"Candy2\",\"store_id\":\"Store1\",\"price\":1000000,\"timestamp\":1700000001}",
					JsonCompareMode.STRICT);
	}

	@Test
	void answersTheCheapestOfferOfAll() {
		this.client.get()
			.uri("/cheapest")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.store_id")
			.isEqualTo("Store2");
	}

	@Test
	void answers404ForAnUnknownCandy() {
		this.client.get()
			.uri("/cheapest?candy_id=Candy9")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.json("{\"status\":404,\"title\":\"Unknown candy\",\"detail\":\"No price is known for candy 'Candy9'\"}",
					JsonCompareMode.LENIENT);
	}

	@Test
	void reportsStats() {
		this.client.get()
			.uri("/stats")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"rows\":4,\"offers\":3,\"candies\":2,\"stores\":2,\"ingested\":4,\"rejected\":0}",
					JsonCompareMode.LENIENT);
	}

}
