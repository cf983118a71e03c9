package io.candyflow.consumer.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.candyflow.consumer.query.QueryTestStore;
import io.candyflow.consumer.web.RawHttp;
import io.candyflow.consumer.web.RawHttp.Answer;
import io.candyflow.consumer.web.WebTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /stream} with its real ticker over a real store on a real server, and the
 * dashboard's files: the page at {@code /}, its script, and uPlot from its webjar.
 */
@WebTest
@Import(QueryTestStore.class)
@TestPropertySource(properties = "candyflow.stream.max-clients=1")
class StreamControllerTests {

	@LocalServerPort
	private int port;

	@Test
	void streamsASnapshotOfTheStoreThenRefusesASecondClient() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<java.io.InputStream> stream = client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/stream"))
				.header("Accept", "text/event-stream")
				.build(), HttpResponse.BodyHandlers.ofInputStream());
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
			assertThat(stream.statusCode()).isEqualTo(200);
			assertThat(stream.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
			List<String> event = new ArrayList<>();
			for (String line = lines.readLine(); !line.isEmpty(); line = lines.readLine()) {
				event.add(line);
			}
			assertThat(event).hasSize(3);
			assertThat(event.get(0)).isEqualTo("event:snapshot");
			assertThat(event.get(1)).isEqualTo("retry:2000");
			assertThat(event.get(2)).startsWith("data:{\"time\":")
				.endsWith("\"candies\":[{\"candy_id\":\"Candy1\",\"cheapest_store\":\"Store2\",\"price\":1.99,"
						+ "\"stores\":2,\"max\":2.5},{\"candy_id\":\"Candy2\",\"cheapest_store\":\"Store1\","
						+ "\"price\":1000000,\"stores\":1,\"max\":1000000}]}");

			// max-clients is 1 here
			Answer second = RawHttp.exchange(this.port, "GET", "/stream", "Accept: text/event-stream");
			assertThat(second.status()).isEqualTo(503);
			assertThat(second.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(second.header("Retry-After")).isEqualTo("5");
			assertThat(second.text()).contains("\"title\":\"Too many stream clients\"", "\"status\":503");
		}
	}

	@Test
	void servesTheDashboard() throws IOException {
		Answer page = RawHttp.exchange(this.port, "GET", "/");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.text()).contains("<table id=\"candies\">", "src=\"/dashboard.js\"");
		assertThat(RawHttp.exchange(this.port, "GET", "/index.html").text()).isEqualTo(page.text());
		Answer script = RawHttp.exchange(this.port, "GET", "/dashboard.js");
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.text()).contains("new EventSource('/stream')");
	}

	@Test
	void servesUPlotFromItsWebjarWithoutAVersionInThePath() throws IOException {
		Answer script = RawHttp.exchange(this.port, "GET", "/webjars/uplot/dist/uPlot.esm.js");
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.text()).contains("export { uPlot as default }");
		assertThat(RawHttp.exchange(this.port, "GET", "/webjars/uplot/dist/uPlot.min.css").status()).isEqualTo(200);
	}

}
