package io.candyflow.producer.publish;

import java.util.stream.LongStream;

import io.candyflow.producer.RandomBodies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;

/**
 * Random bodies at {@code POST /prices}: the answer is always 2xx or 4xx, never 5xx. Each
 * case is a seed, so a failure replays.
 */
@WebMvcTest(PricesController.class)
@Import(PublishConfiguration.class)
class PricesFuzzTests {

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private PricePublisher publisher;

	@BeforeEach
	void acceptEverything() {
		given(this.publisher.publishAndWait(anyList()))
			.willAnswer((call) -> call.<java.util.List<?>>getArgument(0).size());
	}

	static LongStream seeds() {
		return LongStream.range(0, 300);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void neverAnswers5xx(long seed) {
		RandomBodies.assertNoServerError(this.mvc, HttpMethod.POST, "/prices", seed);
	}

}
