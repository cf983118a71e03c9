package io.candyflow.consumer.query;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code /history} and {@code /export} through WebFlux over a real store.
 */
@WebFluxTest(HistoryController.class)
@Import({ QueryTestStore.class, Queries.class })
class HistoryControllerTests {

	@Autowired
	private WebTestClient client;

	@Test
	void listsACandysUpdatesInEventTimeOrder() {
		expectJson("/history?candy_id=Candy1", """
				[{"candy_id":"Candy1","store_id":"Store1","price":2.35,"timestamp":1700000000},
				 {"candy_id":"Candy1","store_id":"Store2","price":1.99,"timestamp":1700000000.5},
				 {"candy_id":"Candy1","store_id":"Store1","price":2.5,"timestamp":1700000060}]""");
	}

	@Test
	void filtersByStoreAndTimeInSecondsOrIsoInstants() {
		expectJson("/history?candy_id=Candy1&store_id=Store1&from=1700000000.001",
				"[{\"candy_id\":\"Candy1\",\"store_id\":\"Store1\",\"price\":2.5,\"timestamp\":1700000060}]");
		expectJson("/history?candy_id=Candy1&to=2023-11-14T22:13:20.5Z&limit=1",
				"[{\"candy_id\":\"Candy1\",\"store_id\":\"Store1\",\"price\":2.35,\"timestamp\":1700000000}]");
	}

	@Test
	void streamsTheArrowHistoryAsADownload() {
		// the stream itself is read back with ArrowStreamReader in HistoryExporterTests
		// and, over real HTTP, in QueryIntegrationTests
		byte[] body = this.client.get()
			.uri("/export?candy_id=Candy1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/vnd.apache.arrow.stream")
			.expectHeader()
			.valueEquals("Content-Disposition", "attachment; filename=\"candyflow-history.arrows\"")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		// an Arrow IPC stream starts with a schema message: the continuation marker
		org.assertj.core.api.Assertions.assertThat(body).startsWith(0xFF, 0xFF, 0xFF, 0xFF);
	}

	private void expectJson(String uri, String json) {
		this.client.get().uri(uri).exchange().expectStatus().isOk().expectBody().json(json, JsonCompareMode.STRICT);
	}

}
