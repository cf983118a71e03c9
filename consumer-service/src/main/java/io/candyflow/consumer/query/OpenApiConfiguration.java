package io.candyflow.consumer.query;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description served at {@code /v3/api-docs} and {@code /swagger-ui.html}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI candyflowOpenApi() {
		return new OpenAPI().info(new Info().title("CandyFlow consumer API")
			.version("v1")
			.description("Current offers and price history of a real-time price stream, answered from an "
					+ "in-memory Apache Arrow table. Errors are RFC 9457 application/problem+json.")
			.license(new License().name("Apache-2.0")));
	}

}
