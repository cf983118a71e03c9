package io.candyflow.producer.simulator;

import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import io.candyflow.producer.RandomBodies;
import io.candyflow.producer.publish.PricePublisher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;

/**
 * Random bodies at {@code PUT /simulator}: the answer is always 2xx or 4xx, never 5xx.
 * Each case is a seed, so a failure replays.
 */
@WebMvcTest(SimulatorController.class)
@Import(PriceSimulator.class)
class SimulatorFuzzTests {

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private PricePublisher publisher;

	@BeforeEach
	void acknowledgeEverything() {
		// a fuzzed body may well switch the simulator on
		given(this.publisher.send(any())).willAnswer((call) -> CompletableFuture.completedFuture(null));
	}

	static LongStream seeds() {
		return LongStream.range(0, 300);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void neverAnswers5xx(long seed) {
		RandomBodies.assertNoServerError(this.mvc, HttpMethod.PUT, "/simulator", seed);
	}

}
