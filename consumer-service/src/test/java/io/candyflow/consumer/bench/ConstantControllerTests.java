package io.candyflow.consumer.bench;

import io.candyflow.consumer.query.QueryTestStore;
import io.candyflow.consumer.web.BothStacks;
import io.candyflow.consumer.web.RawHttp.Answer;
import io.candyflow.consumer.web.WebTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark reference answers like {@code /cheapest} when it is switched on, as a
 * route and through WebFlux.
 */
@WebTest
@Import(QueryTestStore.class)
@TestPropertySource(properties = "candyflow.bench.constant-endpoint=true")
class ConstantControllerTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void answersAnOfferShapedConstantOnBothStacks() {
		BothStacks stacks = new BothStacks(this.port, this.context);
		for (Answer answer : new Answer[] { stacks.routes("GET", "/bench/constant?candy_id=Candy7"),
				stacks.webflux("GET", "/bench/constant?candy_id=Candy7") }) {
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.header("Content-Type")).isEqualTo("application/json");
			assertThat(answer.text())
				.isEqualTo("{\"candy_id\":\"Candy1\",\"store_id\":\"Store1\",\"price\":1.99,\"timestamp\":1700000000}");
		}
	}

}
