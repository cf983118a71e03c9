package io.candyflow.consumer.web;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;

/**
 * The consumer's web side on a real Reactor Netty server, without Kafka: the query, live,
 * sql, flight (on a port of its own), bench and web packages, over whatever store the
 * test brings (most bring {@code QueryTestStore}'s small market). For tests that need the
 * real port (routes ahead of WebFlux, raw HTTP, streaming) but no broker: see
 * {@link WebTest}.
 */
// Not a @Configuration: the application's own scan, in the tests that boot all of it,
// must not find this one.
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
		"org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration" })
@ComponentScan(
		basePackages = { "io.candyflow.consumer.query", "io.candyflow.consumer.live", "io.candyflow.consumer.web",
				"io.candyflow.consumer.bench", "io.candyflow.consumer.sql", "io.candyflow.consumer.flight" },
		excludeFilters = @ComponentScan.Filter(TestConfiguration.class))
public class WebTestApplication {

}
