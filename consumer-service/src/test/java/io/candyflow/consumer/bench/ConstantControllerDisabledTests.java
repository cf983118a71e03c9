package io.candyflow.consumer.bench;

import io.candyflow.consumer.query.QueryTestStore;
import io.candyflow.consumer.web.BothStacks;
import io.candyflow.consumer.web.WebTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users never see the benchmark reference: it is off by default, on both stacks.
 */
@WebTest
@Import(QueryTestStore.class)
class ConstantControllerDisabledTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void isNotServedByDefault() {
		BothStacks stacks = new BothStacks(this.port, this.context);
		assertThat(stacks.routes("GET", "/bench/constant").status()).isEqualTo(404);
		assertThat(stacks.webflux("GET", "/bench/constant").status()).isEqualTo(404);
	}

}
