package io.candyflow.consumer.bench;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark reference answers like {@code /cheapest} when it is switched on.
 */
@WebMvcTest(controllers = ConstantController.class, properties = "candyflow.bench.constant-endpoint=true")
class ConstantControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void answersAnOfferShapedConstant() {
		assertThat(this.mvc.get().uri("/bench/constant?candy_id=Candy7")).hasStatusOk()
			.hasContentType(MediaType.APPLICATION_JSON)
			.bodyJson()
			.isStrictlyEqualTo(
					"{\"candy_id\":\"Candy1\",\"store_id\":\"Store1\",\"price\":1.99,\"timestamp\":1700000000}");
	}

}
