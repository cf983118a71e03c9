package io.candyflow.consumer.query;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.web.RawHttp;
import io.candyflow.consumer.web.RawHttp.Answer;
import io.candyflow.consumer.web.WebTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot endpoints as Reactor Netty serves them on the real port: each answer, the HTTP
 * methods, content negotiation, query strings as clients really send them, and
 * connections that carry many requests.
 */
@WebTest
@Import(QueryTestStore.class)
class QueryRoutesTests {

	private static final String CHEAPEST_CANDY1 = "{\"candy_id\":\"Candy1\",\"store_id\":\"Store2\",\"price\":1.99,\"timestamp\":1700000000.500}";

	@LocalServerPort
	private int port;

	@Autowired
	private PriceStore store;

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "/cheapest?candy_id=Candy1|" + CHEAPEST_CANDY1,
			"/cheapest|" + CHEAPEST_CANDY1,
			"/cheapest?candy_id=Candy2|{\"candy_id\":\"Candy2\",\"store_id\":\"Store1\",\"price\":1000000,\"timestamp\":1700000001}",
			"/offers?candy_id=Candy1&limit=1|[" + CHEAPEST_CANDY1 + "]",
			"/offers?store_id=Store2|[" + CHEAPEST_CANDY1 + "]",
			"/candies|[{\"candy_id\":\"Candy1\",\"stores\":2,\"min\":1.99,\"max\":2.5,\"avg\":2.245,\"cheapest_store\":\"Store2\"},"
					+ "{\"candy_id\":\"Candy2\",\"stores\":1,\"min\":1000000,\"max\":1000000,\"avg\":1000000,\"cheapest_store\":\"Store1\"}]",
			"/stats|{\"rows\":4,\"offers\":3,\"candies\":2,\"stores\":2,\"ingested\":4,\"rejected\":0,\"arrow_bytes\":ARROW_BYTES,\"evicted_rows\":0,\"dropped_rows\":0}",
			"/history?candy_id=Candy1&store_id=Store1&limit=1|[{\"candy_id\":\"Candy1\",\"store_id\":\"Store1\",\"price\":2.35,\"timestamp\":1700000000}]" })
	void answersWithJson(String target, String body) throws IOException {
		Answer answer = RawHttp.exchange(this.port, "GET", target);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.header("Content-Type")).isEqualTo("application/json");
		assertThat(answer.header("Content-Length")).isEqualTo(Integer.toString(answer.body().length));
		assertThat(answer.header("Transfer-Encoding")).isNull();
		assertThat(answer.text())
			.isEqualTo(body.replace("ARROW_BYTES", Long.toString(this.store.stats().arrowBytes())));
	}

	@Test
	void answersHeadWithTheHeadersOfGetAndNoBody() throws IOException {
		Answer get = RawHttp.exchange(this.port, "GET", "/cheapest?candy_id=Candy1");
		try (RawHttp http = new RawHttp(this.port)) {
			http.send("HEAD", "/cheapest?candy_id=Candy1");
			Answer head = http.read(true);
			assertThat(head.status()).isEqualTo(200);
			assertThat(head.header("Content-Type")).isEqualTo("application/json");
			assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(get.body().length));
			// no body on the wire: the next answer on the connection starts right away
			http.send("GET", "/stats");
			assertThat(http.read(false).text()).startsWith("{\"rows\":4");
		}
		Answer missing = RawHttp.exchange(this.port, "HEAD", "/cheapest?candy_id=Candy9");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.header("Content-Type")).isEqualTo("application/problem+json");
	}

	@Test
	void answersOptionsWithTheAllowedMethods() throws IOException {
		Answer answer = RawHttp.exchange(this.port, "OPTIONS", "/offers");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.header("Allow")).isEqualTo("GET,HEAD,OPTIONS");
		assertThat(answer.body()).isEmpty();
	}

	@Test
	void answers405WithAllowForOtherMethodsEvenWithABody() throws IOException {
		Answer answer = RawHttp.exchange(this.port, "POST", "/cheapest", "Content-Type: application/json",
				"Content-Length: 2");
		assertThat(answer.status()).isEqualTo(405);
		assertThat(answer.header("Allow")).isEqualTo("GET,HEAD,OPTIONS");
		assertThat(answer.text()).contains("\"status\":405", "\"instance\":\"/cheapest\"");
	}

	@ParameterizedTest(name = "Accept: {0} -> {1}")
	@CsvSource(delimiter = '|',
			value = { "application/json|200", "*/*|200", "application/*|200",
					"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8|200", "text/plain|406",
					"application/xml|406", "application/json;q=0|406", "not a media type|406" })
	void negotiatesTheContentType(String accept, int status) throws IOException {
		Answer answer = RawHttp.exchange(this.port, "GET", "/stats", "Accept: " + accept);
		assertThat(answer.status()).isEqualTo(status);
		if (status == 406) {
			assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(answer.text()).contains("\"status\":406");
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "/cheapest?candy_id=%43andy1|200|Candy1",
			"/cheapest?candy%5Fid=Candy1|200|Candy1", "/cheapest?candy_id=+Candy2+|200|Candy2",
			"/cheapest?candy_id=Candy2&&other=1&|200|Candy2", "/cheapest?other&candy_id=Candy2|200|Candy2",
			"/cheapest?candy_id=Candy2#fragment|200|Candy2", "/cheapest?CANDY_ID=Candy2|200|Candy1",
			"/cheapest?candy_id=%|400|candy_id is not valid percent-encoding",
			"/cheapest?candy_id=%zz|400|candy_id is not valid percent-encoding", "/cheapest?candy_id=%E2%82|404|",
			"/cheapest?candy_id=Candy1&candy_id=Candy1|400|given at most once",
			"/cheapest?candy_id=%00|400|control characters", "/offers?limit=|400|whole number" })
	void readsQueryStringsAsClientsSendThem(String target, int status, String expected) throws IOException {
		Answer answer = RawHttp.exchange(this.port, "GET", target);
		assertThat(answer.status()).as(answer.text()).isEqualTo(status);
		if (expected != null) {
			assertThat(answer.text()).contains(expected);
		}
	}

	@Test
	void refusesOverLongParametersAndRequestLines() throws IOException {
		Answer longId = RawHttp.exchange(this.port, "GET", "/cheapest?candy_id=" + "x".repeat(3000));
		assertThat(longId.status()).isEqualTo(400);
		assertThat(longId.text()).contains("must be at most 64 characters long (was 3000)");
		Answer longLine = RawHttp.exchange(this.port, "GET", "/cheapest?candy_id=" + "x".repeat(70_000));
		assertThat(longLine.status()).isBetween(400, 499);
	}

	@Test
	void servesManyRequestsOnOneConnection() throws IOException {
		try (RawHttp http = new RawHttp(this.port)) {
			for (int i = 0; i < 100; i++) {
				http.send("GET", (i % 2 == 0) ? "/cheapest?candy_id=Candy1" : "/cheapest?candy_id=Candy9");
				Answer answer = http.read(false);
				assertThat(answer.status()).isEqualTo((i % 2 == 0) ? 200 : 404);
				assertThat(answer.header("Connection")).isNull();
			}
		}
	}

	@Test
	void answersPipelinedRequestsInOrder() throws IOException {
		List<String> targets = List.of("/cheapest?candy_id=Candy2", "/nowhere", "/stats", "/offers?limit=0",
				"/cheapest?candy_id=Candy1");
		List<Answer> answers = RawHttp.pipelined(this.port, targets);
		assertThat(answers).extracting(Answer::status).containsExactly(200, 404, 200, 400, 200);
		assertThat(answers.get(0).text()).contains("Candy2");
		assertThat(answers.get(4).text()).isEqualTo(CHEAPEST_CANDY1);
		List<Answer> many = RawHttp.pipelined(this.port, Collections.nCopies(200, "/cheapest?candy_id=Candy1"));
		assertThat(many).extracting(Answer::text).containsOnly(CHEAPEST_CANDY1);
	}

	@Test
	void recordsRequestMetricsUnderWebFluxsNameAndTags() throws IOException {
		double before = count("/cheapest", "404");
		for (int i = 0; i < 3; i++) {
			assertThat(RawHttp.exchange(this.port, "GET", "/cheapest?candy_id=Candy9").status()).isEqualTo(404);
		}
		assertThat(RawHttp.exchange(this.port, "GET", "/export?candy_id=Candy1").status()).isEqualTo(200);
		assertThat(count("/cheapest", "404")).isEqualTo(before + 3);
		String scrape = RawHttp.exchange(this.port, "GET", "/actuator/prometheus").text();
		// one metric: the routes' series have the very labels of WebFlux's
		assertThat(labelNames(scrape, "/cheapest")).isEqualTo(labelNames(scrape, "/export"))
			.containsExactly("application", "error", "exception", "method", "outcome", "status", "uri");
		assertThat(scrape).contains("http_server_requests_seconds_count{application=\"consumer\",error=\"none\","
				+ "exception=\"none\",method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"/cheapest\"}");
		// the histogram and SLO buckets that the dashboards read
		assertThat(scrape).contains("http_server_requests_seconds_bucket{application=\"consumer\",error=\"none\","
				+ "exception=\"none\",method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"/cheapest\",le=\"0.001\"}");
	}

	@Test
	void tagsInventedMethodsAsUnknownSoThatTheyRegisterNoTimerEach() throws IOException {
		for (int i = 0; i < 20; i++) {
			assertThat(RawHttp.exchange(this.port, "BREW" + i, "/offers").status()).isEqualTo(405);
		}
		assertThat(RawHttp.exchange(this.port, "DELETE", "/offers").status()).isEqualTo(405);
		String scrape = RawHttp.exchange(this.port, "GET", "/actuator/prometheus").text();
		assertThat(scrape).doesNotContain("method=\"BREW")
			.contains("http_server_requests_seconds_count{application=\"consumer\",error=\"none\","
					+ "exception=\"none\",method=\"UNKNOWN\",outcome=\"CLIENT_ERROR\",status=\"405\",uri=\"/offers\"} 20")
			.contains("method=\"DELETE\",outcome=\"CLIENT_ERROR\",status=\"405\",uri=\"/offers\"} 1");
	}

	private double count(String uri, String status) throws IOException {
		String scrape = RawHttp.exchange(this.port, "GET", "/actuator/prometheus").text();
		Matcher sample = Pattern
			.compile("(?m)^http_server_requests_seconds_count\\{[^}]*status=\"" + status + "\",uri=\"" + uri
					+ "\"\\} (\\S+)$")
			.matcher(scrape);
		return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
	}

	private static List<String> labelNames(String scrape, String uri) {
		Matcher sample = Pattern
			.compile("(?m)^http_server_requests_seconds_count\\{([^}]*uri=\"" + Pattern.quote(uri) + "\"[^}]*)\\}")
			.matcher(scrape);
		assertThat(sample.find()).as(uri).isTrue();
		return Pattern.compile("(\\w+)=\"[^\"]*\"").matcher(sample.group(1)).results().map((m) -> m.group(1)).toList();
	}

	@Test
	void leavesOtherPathsToWebFlux() throws IOException {
		assertThat(RawHttp.exchange(this.port, "GET", "/cheapestx").status()).isEqualTo(404);
		assertThat(RawHttp.exchange(this.port, "GET", "/actuator/health").status()).isEqualTo(200);
		assertThat(RawHttp.exchange(this.port, "GET", "/v3/api-docs").text()).contains("\"/cheapest\"");
	}

}
