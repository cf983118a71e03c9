package io.candyflow.consumer.query;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every documented error of the query API is an RFC 9457 problem with the right status,
 * saying which parameter is at fault and why.
 */
@WebMvcTest({ CheapestController.class, OffersController.class, HistoryController.class, StatsController.class })
@Import(QueryTestStore.class)
class QueryErrorsTests {

	@Autowired
	private MockMvcTester mvc;

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', value = { "/cheapest?candy_id=Candy9|404|",
			"/cheapest?candy_id=|400|candy_id must not be blank",
			"/cheapest?candy_id=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx|400|candy_id must be at most 64 characters long (was 65)",
			"/offers?candy_id=Candy9|404|", "/offers?limit=0|400|limit must be from 1 to 10000 (was 0)",
			"/offers?limit=-5|400|limit must be from 1 to 10000 (was -5)",
			"/offers?limit=10001|400|limit must be from 1 to 10000 (was 10001)",
			"/offers?limit=ten|400|limit must be a whole number from 1 to 10000",
			"/offers?limit=99999999999999999999|400|limit must be a whole number from 1 to 10000", "/history|400|",
			"/history?candy_id=Candy9|404|",
			"/history?candy_id=Candy1&from=yesterday|400|from must be Unix seconds or an ISO-8601 instant such as 2023-11-14T22:13:20Z",
			"/history?candy_id=Candy1&to=2023-13-45T00:00:00Z|400|to must be Unix seconds or an ISO-8601 instant such as 2023-11-14T22:13:20Z",
			"/history?candy_id=Candy1&from=1700000100&to=1700000000|400|from must not be after to",
			"/history?candy_id=Candy1&from=1e400|400|from must be Unix seconds or an ISO-8601 instant such as 2023-11-14T22:13:20Z",
			"/export?candy_id=Candy9|404|", "/nowhere|404|" })
	void answersWithAProblem(String uri, int status, String detail) {
		assertThat(this.mvc.get().uri(uri)).hasStatus(status)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.satisfies((json) -> {
				assertThat(json).extractingPath("$.status").isEqualTo(status);
				if (detail != null) {
					assertThat(json).extractingPath("$.detail").isEqualTo(detail);
				}
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "/cheapest", "/offers", "/stats" })
	void answersOtherMethodsWithA405Problem(String uri) {
		assertThat(this.mvc.post().uri(uri)).hasStatus(405).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
