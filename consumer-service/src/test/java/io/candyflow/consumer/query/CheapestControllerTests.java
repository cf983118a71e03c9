package io.candyflow.consumer.query;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /cheapest} and {@code /stats} over a real store.
 */
@WebMvcTest({ CheapestController.class, StatsController.class })
@Import(QueryTestStore.class)
class CheapestControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void answersTheCheapestCurrentOfferOfACandy() {
		assertThat(this.mvc.get().uri("/cheapest?candy_id=Candy1")).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo(
					"{\"candy_id\":\"Candy1\",\"store_id\":\"Store2\",\"price\":1.99,\"timestamp\":1700000000.5}");
	}

	@Test
	void trimsTheCandyIdLikeTheWireFormatDoes() {
		assertThat(this.mvc.get().uri("/cheapest?candy_id= Candy2 ")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo(
					"{\"candy_id\":\"Candy2\",\"store_id\":\"Store1\",\"price\":1000000,\"timestamp\":1700000001}");
	}

	@Test
	void answersTheCheapestOfferOfAll() {
		assertThat(this.mvc.get().uri("/cheapest")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.store_id")
			.isEqualTo("Store2");
	}

	@Test
	void answers404ForAnUnknownCandy() {
		assertThat(this.mvc.get().uri("/cheapest?candy_id=Candy9")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo(
					"{\"status\":404,\"title\":\"Unknown candy\",\"detail\":\"No price is known for candy 'Candy9'\"}");
	}

	@Test
	void reportsStats() {
		assertThat(this.mvc.get().uri("/stats")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"rows\":4,\"offers\":3,\"candies\":2,\"stores\":2,\"ingested\":4,\"rejected\":0}");
	}

}
