package io.candyflow.consumer.live;

import java.time.Duration;

import io.candyflow.consumer.query.QueryTestStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code /stream} with its real ticker over a real store, and the dashboard's files: the
 * page at {@code /}, its script, and uPlot from its webjar.
 */
@WebMvcTest(controllers = StreamController.class, properties = "candyflow.stream.max-clients=1")
@Import({ LiveConfiguration.class, QueryTestStore.class })
class StreamControllerTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void streamsASnapshotOfTheStoreThenRefusesASecondClient() throws Exception {
		MvcResult stream = this.mvc.perform(get("/stream").accept(MediaType.TEXT_EVENT_STREAM))
			.andExpect(request().asyncStarted())
			.andReturn();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(stream.getResponse().getContentAsString()).startsWith("""
					event:snapshot
					retry:2000
					data:{"time":""").contains("""
					"candies":[{"candy_id":"Candy1","cheapest_store":"Store2","price":1.99,"stores":2,"max":2.5},\
					{"candy_id":"Candy2","cheapest_store":"Store1","price":1000000,"stores":1,"max":1000000}]}
					"""));
		assertThat(stream.getResponse().getContentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);

		// max-clients is 1 here
		this.mvc.perform(get("/stream").accept(MediaType.TEXT_EVENT_STREAM))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Retry-After", "5"))
			.andExpect(jsonPath("$.title").value("Too many stream clients"))
			.andExpect(jsonPath("$.status").value(503));
	}

	@Test
	void servesTheDashboard() throws Exception {
		this.mvc.perform(get("/")).andExpect(status().isOk()).andExpect(forwardedUrl("index.html"));
		this.mvc.perform(get("/index.html"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
			.andExpect(content().string(containsString("<table id=\"candies\">")))
			.andExpect(content().string(containsString("src=\"/dashboard.js\"")));
		this.mvc.perform(get("/dashboard.js"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("new EventSource('/stream')")));
	}

	@Test
	void servesUPlotFromItsWebjarWithoutAVersionInThePath() throws Exception {
		this.mvc.perform(get("/webjars/uplot/dist/uPlot.esm.js"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("export { uPlot as default }")));
		this.mvc.perform(get("/webjars/uplot/dist/uPlot.min.css")).andExpect(status().isOk());
	}

}
