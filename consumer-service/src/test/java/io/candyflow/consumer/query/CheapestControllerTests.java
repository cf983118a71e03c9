package io.candyflow.consumer.query;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.PriceUpdate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /cheapest} and {@code /stats} over a real store.
 */
@WebMvcTest({ CheapestController.class, StatsController.class })
@Import(CheapestControllerTests.Store.class)
@DirtiesContext
class CheapestControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private PriceStore store;

	private long offset;

	@BeforeEach
	void fillStore() {
		ingest("Candy1", "Store1", 235, 1_700_000_000_000L);
		ingest("Candy1", "Store2", 199, 1_700_000_000_500L);
		ingest("Candy2", "Store1", 1_000_000_00, 1_700_000_001_000L);
	}

	@Test
	void answersTheCheapestOfferOfACandy() {
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
	void answers400ForACandyIdThatCannotExist() {
		assertThat(this.mvc.get().uri("/cheapest?candy_id=" + "x".repeat(65))).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("{\"status\":400,\"parameter\":\"candy_id\"}");
		assertThat(this.mvc.get().uri("/cheapest?candy_id=")).hasStatus(HttpStatus.BAD_REQUEST);
	}

	@Test
	void reportsStats() {
		assertThat(this.mvc.get().uri("/stats")).hasStatusOk()
			.bodyJson()
			.isLenientlyEqualTo("{\"rows\":3,\"offers\":3,\"candies\":2,\"stores\":2,\"ingested\":3,\"rejected\":0}");
	}

	private void ingest(String candy, String storeId, long cents, long millis) {
		if (this.store.markSeen(0, this.offset++)) {
			this.store.append(new PriceUpdate(candy, storeId, cents, millis));
			this.store.publish();
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Store {

		@Bean(destroyMethod = "close")
		BufferAllocator allocator() {
			return new RootAllocator(16 * 1024 * 1024);
		}

		@Bean(destroyMethod = "close")
		PriceStore priceStore(BufferAllocator allocator) {
			return new PriceStore(allocator, 1024);
		}

	}

}
