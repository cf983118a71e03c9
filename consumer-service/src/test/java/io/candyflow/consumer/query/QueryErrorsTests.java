package io.candyflow.consumer.query;

import io.candyflow.consumer.web.BothStacks;
import io.candyflow.consumer.web.RawHttp.Answer;
import io.candyflow.consumer.web.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every documented error of the query API is an RFC 9457 problem with the right status,
 * saying which parameter is at fault and why — from the routes on the real port and from
 * WebFlux alike.
 */
@WebTest
@Import(QueryTestStore.class)
class QueryErrorsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	private BothStacks stacks;

	@BeforeEach
	void stacks() {
		this.stacks = new BothStacks(this.port, this.context);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', value = { "/cheapest?candy_id=Candy9|404|No price is known for candy 'Candy9'",
			"/cheapest?candy_id=|400|candy_id must not be blank", "/cheapest?candy_id|400|candy_id must not be blank",
			"/cheapest?candy_id=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx|400|candy_id must be at most 64 characters long (was 65)",
			"/cheapest?candy_id=Candy1&candy_id=Candy2|400|candy_id must be given at most once",
			"/cheapest?candy_id=%07bell|400|candy_id must not contain control characters",
			"/offers?candy_id=Candy9|404|No price is known for candy 'Candy9'",
			"/offers?limit=0|400|limit must be from 1 to 10000 (was 0)",
			"/offers?limit=-5|400|limit must be from 1 to 10000 (was -5)",
			"/offers?limit=10001|400|limit must be from 1 to 10000 (was 10001)",
			"/offers?limit=ten|400|limit must be a whole number from 1 to 10000",
			"/offers?limit=99999999999999999999|400|limit must be a whole number from 1 to 10000",
			"/history|400|candy_id is required", "/history?candy_id=Candy9|404|No price is known for candy 'Candy9'",
			"/history?candy_id=Candy1&from=yesterday|400|from must be Unix seconds or an ISO-8601 instant such as 2023-11-14T22:13:20Z",
			"/history?candy_id=Candy1&to=2023-13-45T00:00:00Z|400|to must be Unix seconds or an ISO-8601 instant such as 2023-11-14T22:13:20Z",
			"/history?candy_id=Candy1&from=1700000100&to=1700000000|400|from must not be after to",
			"/history?candy_id=Candy1&from=1e400|400|from must be Unix seconds or an ISO-8601 instant such as 2023-11-14T22:13:20Z",
			"/export?candy_id=Candy9|404|No price is known for candy 'Candy9'", "/nowhere|404|", "/cheapest/|404|" })
	void answersWithAProblem(String uri, int status, String detail) {
		assertProblem("routes", this.stacks.routes("GET", uri), uri, status, detail);
		assertProblem("WebFlux", this.stacks.webflux("GET", uri), uri, status, detail);
	}

	private static void assertProblem(String stack, Answer answer, String uri, int status, String detail) {
		assertThat(answer.status()).as(stack + " " + uri).isEqualTo(status);
		assertThat(MediaType.parseMediaType(answer.header("Content-Type"))).as(stack + " " + uri)
			.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		JsonNode problem = json.readTree(answer.body());
		assertThat(problem.get("status").asInt()).as(stack + " " + uri).isEqualTo(status);
		if (detail != null) {
			assertThat(problem.get("detail").asString()).as(stack + " " + uri).isEqualTo(detail);
		}
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "POST,/cheapest", "PUT,/offers", "DELETE,/stats", "PATCH,/candies", "POST,/history" })
	void answersOtherMethodsWithA405Problem(String method, String uri) {
		for (Answer answer : new Answer[] { this.stacks.routes(method, uri, "Content-Length: 0"),
				this.stacks.webflux(method, uri) }) {
			assertThat(answer.status()).isEqualTo(405);
			assertThat(answer.header("Content-Type")).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			assertThat(answer.header("Allow")).contains("GET");
		}
	}

}
