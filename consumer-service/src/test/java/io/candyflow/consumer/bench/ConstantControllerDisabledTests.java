package io.candyflow.consumer.bench;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users never see the benchmark reference: it is off by default.
 */
@WebMvcTest(controllers = ConstantController.class)
class ConstantControllerDisabledTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void isNotServedByDefault() {
		assertThat(this.mvc.get().uri("/bench/constant")).hasStatus(HttpStatus.NOT_FOUND);
	}

}
