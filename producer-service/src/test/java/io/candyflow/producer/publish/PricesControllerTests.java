package io.candyflow.producer.publish;

import java.util.Collections;
import java.util.List;

import io.candyflow.price.PriceUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.KafkaException;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

/**
 * The HTTP contract of {@code POST /prices}; Kafka is behind {@link PricePublisher},
 * whose real behaviour {@link PublishIntegrationTests} covers on a real broker.
 */
@WebMvcTest(PricesController.class)
@Import(PublishConfiguration.class)
class PricesControllerTests {

	private static final String VALID = "{\"candy_id\":\"Candy1\",\"store_id\":\"Store3\",\"price\":2.35,\"timestamp\":1700000000}";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private PricePublisher publisher;

	@Test
	void acceptsOneUpdateOnceItIsPublished() {
		given(this.publisher.publishAndWait(anyList())).willAnswer((call) -> call.<List<?>>getArgument(0).size());
		assertThat(this.mvc.post().uri("/prices").contentType(MediaType.APPLICATION_JSON).content(VALID))
			.hasStatus(HttpStatus.ACCEPTED)
			.bodyJson()
			.isEqualTo("{\"accepted\":1}");
		then(this.publisher).should()
			.publishAndWait(List.of(new PriceUpdate("Candy1", "Store3", 235, 1_700_000_000_000L)));
	}

	@Test
	void acceptsAnArrayAndABodyWithoutAJsonContentType() {
		given(this.publisher.publishAndWait(anyList())).willAnswer((call) -> call.<List<?>>getArgument(0).size());
		assertThat(this.mvc.post()
			.uri("/prices")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content("[" + VALID + "," + VALID + "]")).hasStatus(HttpStatus.ACCEPTED)
			.bodyJson()
			.isEqualTo("{\"accepted\":2}");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "not JSON|{oops|$|is not valid JSON (line 1, column 2)",
			"missing price|{\"candy_id\":\"C\",\"store_id\":\"S\"}|price|is required",
			"negative price|{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":-2}|price|must be greater than 0",
			"3 decimals|{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":2.355}|price|must have at most 2 decimal places",
			"far future|{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":2,\"timestamp\":4102444800}|timestamp|must not be more than 5 minutes in the future",
			"empty body||$|is empty: send one price update or a JSON array of them" })
	void rejectsBadInputWithAProblemAndPublishesNothing(String name, String body, String field, String reason) {
		assertThat(this.mvc.post().uri("/prices").content((body != null) ? body : "")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.isLenientlyEqualTo("{\"status\":400,\"title\":\"Invalid price update\",\"errors\":[{\"field\":\"" + field
					+ "\",\"reason\":\"" + reason.replace("\"", "\\\"") + "\"}]}");
		then(this.publisher).should(never()).publishAndWait(anyList());
	}

	@Test
	void namesEveryBadItemOfABatchAndPublishesNone() {
		String body = "[" + VALID + ",{\"candy_id\":\"C\",\"store_id\":\"S\",\"price\":0}," + VALID + ",{}]";
		assertThat(this.mvc.post().uri("/prices").content(body)).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.isLenientlyEqualTo("""
					{"detail": "2 updates are invalid; nothing was published",
					 "errors": [{"index":1,"field":"price","reason":"must be greater than 0"},
					            {"index":3,"field":"candy_id","reason":"is required"},
					            {"index":3,"field":"store_id","reason":"is required"},
					            {"index":3,"field":"price","reason":"is required"}]}""");
		then(this.publisher).should(never()).publishAndWait(anyList());
	}

	@Test
	void rejectsMoreThanTenThousandItems() {
		String body = "[" + String.join(",", Collections.nCopies(10_001, VALID)) + "]";
		assertThat(this.mvc.post().uri("/prices").content(body)).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.errors[0].reason")
			.isEqualTo("has more than 10000 items");
		then(this.publisher).should(never()).publishAndWait(anyList());
	}

	@Test
	void rejectsBodiesOverOneMebibyte() {
		String body = "[" + " ".repeat(1024 * 1024) + VALID + "]";
		assertThat(this.mvc.post().uri("/prices").content(body)).hasStatus(HttpStatus.CONTENT_TOO_LARGE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		then(this.publisher).should(never()).publishAndWait(anyList());
	}

	@Test
	void answers503WhenKafkaDoesNotAcknowledge() {
		given(this.publisher.publishAndWait(anyList()))
			.willThrow(new KafkaUnavailableException("Kafka did not acknowledge", new KafkaException("down")));
		assertThat(this.mvc.post().uri("/prices").content(VALID)).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Retry-After", "5")
			.bodyJson()
			.extractingPath("$.title")
			.isEqualTo("Kafka unavailable");
	}

	@Test
	void answersOtherMethodsWithAProblem() {
		assertThat(this.mvc.get().uri("/prices")).hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
