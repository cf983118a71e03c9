package io.candyflow.consumer.query;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /offers} and {@code /candies} over a real store.
 */
@WebMvcTest(OffersController.class)
@Import(QueryTestStore.class)
class OffersControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void listsAllCurrentOffersCheapestFirst() {
		assertThat(this.mvc.get().uri("/offers")).hasStatusOk().bodyJson().isStrictlyEqualTo("""
				[{"candy_id":"Candy1","store_id":"Store2","price":1.99,"timestamp":1700000000.5},
				 {"candy_id":"Candy1","store_id":"Store1","price":2.5,"timestamp":1700000060},
				 {"candy_id":"Candy2","store_id":"Store1","price":1000000,"timestamp":1700000001}]""");
	}

	@Test
	void filtersByCandyByStoreAndLimits() {
		assertThat(this.mvc.get().uri("/offers?candy_id=Candy1&limit=1")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo(
					"[{\"candy_id\":\"Candy1\",\"store_id\":\"Store2\",\"price\":1.99,\"timestamp\":1700000000.5}]");
		assertThat(this.mvc.get().uri("/offers?store_id=Store1")).hasStatusOk()
			.bodyJson()
			.extractingPath("$[*].candy_id")
			.isEqualTo(java.util.List.of("Candy1", "Candy2"));
		assertThat(this.mvc.get().uri("/offers?candy_id=Candy2&store_id=Store2")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo("[]");
	}

	@Test
	void summarisesEveryCandy() {
		assertThat(this.mvc.get().uri("/candies")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo(
					"""
							[{"candy_id":"Candy1","stores":2,"min":1.99,"max":2.5,"avg":2.245,"cheapest_store":"Store2"},
							 {"candy_id":"Candy2","stores":1,"min":1000000,"max":1000000,"avg":1000000,"cheapest_store":"Store1"}]""");
	}

}
