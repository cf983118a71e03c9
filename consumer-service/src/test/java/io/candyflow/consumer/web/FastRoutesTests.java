package io.candyflow.consumer.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.candyflow.consumer.query.QueryTestStore;
import io.candyflow.consumer.web.RawHttp.Answer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the routes do with a handler that fails — a bug, not a bad request: a 500 problem
 * that gives nothing away, counted under the exception's name, and the connection still
 * serving; a connection that goes on after an answer the routes gave to a pipelined
 * request; and the server's connections on Netty's pooled allocator.
 */
@WebTest
@Import({ QueryTestStore.class, FastRoutesTests.FailingRoute.class })
class FastRoutesTests {

	@LocalServerPort
	private int port;

	@Test
	void answersABugWithA500ProblemThatGivesNothingAway() throws IOException {
		try (RawHttp http = new RawHttp(this.port)) {
			http.send("GET", "/fails?secret=1");
			Answer answer = http.read(false);
			assertThat(answer.status()).isEqualTo(500);
			assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(answer.text())
				.isEqualTo("{\"instance\":\"/fails\",\"status\":500,\"title\":\"Internal Server Error\"}");
			// the connection goes on
			http.send("GET", "/stats");
			assertThat(http.read(false).status()).isEqualTo(200);
		}
		String scrape = RawHttp.exchange(this.port, "GET", "/actuator/prometheus").text();
		assertThat(scrape).contains("error=\"IllegalStateException\",exception=\"IllegalStateException\","
				+ "method=\"GET\",outcome=\"SERVER_ERROR\",status=\"500\",uri=\"/fails\"}");
	}

	/**
	 * A request that arrives while the one before it is still being answered off the
	 * event loop waits in Reactor Netty's queue, and the routes answer it at once when
	 * its turn comes. Reactor Netty 1.3.7 and older then never read the connection again
	 * (reactor/reactor-netty#4361): the next request on it went unanswered. Clients that
	 * do not pipeline hit it too, whenever their next request arrived before the previous
	 * answer's end was processed.
	 */
	@Test
	void readsTheNextRequestAfterAPipelinedOneTheRoutesAnsweredAtOnce() throws IOException {
		try (RawHttp http = new RawHttp(this.port)) {
			http.sendRaw(RawHttp.requests(List.of("/later", "/stats")));
			assertThat(List.of(http.read(false).text(), http.read(false).status())).containsExactly("later", 200);
			http.send("GET", "/stats");
			assertThat(http.read(false).status()).isEqualTo(200);
		}
	}

	@Test
	void answersFromNettysPooledAllocator() throws IOException {
		assertThat(RawHttp.exchange(this.port, "GET", "/allocator").text()).isEqualTo("\"PooledByteBufAllocator\"");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingRoute {

		@Bean
		Route failingRoute() {
			return new Route("/fails", (arguments, out) -> {
				out.raw('[');
				throw new IllegalStateException("a bug, with details no client should see: " + arguments.get("secret"));
			});
		}

		/** An answer WebFlux completes on another thread than the event loop. */
		@Bean
		RouterFunction<ServerResponse> laterRoute() {
			return RouterFunctions.route(RequestPredicates.GET("/later"),
					(request) -> Mono.delay(Duration.ofMillis(200)).then(ServerResponse.ok().bodyValue("later")));
		}

		@Bean
		Route allocatorRoute() {
			return new Route("/allocator", (arguments, out) -> out.string(out.allocator().getClass().getSimpleName()));
		}

	}

}
