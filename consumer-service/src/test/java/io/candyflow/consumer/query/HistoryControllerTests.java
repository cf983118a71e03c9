package io.candyflow.consumer.query;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /history} and {@code /export} over a real store.
 */
@WebMvcTest(HistoryController.class)
@Import(QueryTestStore.class)
class HistoryControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void listsACandysUpdatesInEventTimeOrder() {
		assertThat(this.mvc.get().uri("/history?candy_id=Candy1")).hasStatusOk().bodyJson().isStrictlyEqualTo("""
				[{"candy_id":"Candy1","store_id":"Store1","price":2.35,"timestamp":1700000000},
				 {"candy_id":"Candy1","store_id":"Store2","price":1.99,"timestamp":1700000000.5},
				 {"candy_id":"Candy1","store_id":"Store1","price":2.5,"timestamp":1700000060}]""");
	}

	@Test
	void filtersByStoreAndTimeInSecondsOrIsoInstants() {
		assertThat(this.mvc.get().uri("/history?candy_id=Candy1&store_id=Store1&from=1700000000.001")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo(
					"[{\"candy_id\":\"Candy1\",\"store_id\":\"Store1\",\"price\":2.5,\"timestamp\":1700000060}]");
		assertThat(this.mvc.get().uri("/history?candy_id=Candy1&to=2023-11-14T22:13:20.5Z&limit=1")).hasStatusOk()
			.bodyJson()
			.isStrictlyEqualTo(
					"[{\"candy_id\":\"Candy1\",\"store_id\":\"Store1\",\"price\":2.35,\"timestamp\":1700000000}]");
	}

	@Test
	void startsAnArrowStreamDownload() {
		// the stream itself is read back with ArrowStreamReader in HistoryExporterTests
		// and,
		// over real HTTP, in QueryIntegrationTests
		assertThat(this.mvc.get().uri("/export?candy_id=Candy1").asyncExchange()).hasStatusOk()
			.hasContentType("application/vnd.apache.arrow.stream")
			.hasHeader("Content-Disposition", "attachment; filename=\"candyflow-history.arrows\"");
	}

}
