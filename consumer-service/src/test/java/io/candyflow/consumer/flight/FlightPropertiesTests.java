package io.candyflow.consumer.flight;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code candyflow.flight.*}: the defaults, settings that make no sense refused at start,
 * and the server left out when disabled.
 */
class FlightPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class);

	@Test
	void defaults() {
		this.runner.run((context) -> assertThat(context.getBean(FlightProperties.class)).isEqualTo(
				new FlightProperties(true, "0.0.0.0", 8815, null, DataSize.ofMegabytes(1), Duration.ofSeconds(30))));
	}

	@Test
	void aBlankTokenIsNoToken() {
		this.runner.withPropertyValues("candyflow.flight.token= ")
			.run((context) -> assertThat(context.getBean(FlightProperties.class).token()).isNull());
	}

	@Test
	void refusesSettingsThatMakeNoSense() {
		for (String bad : new String[] { "candyflow.flight.port=-1", "candyflow.flight.port=65536",
				"candyflow.flight.host=", "candyflow.flight.max-inbound-message-size=1KB",
				"candyflow.flight.max-inbound-message-size=1GB", "candyflow.flight.client-stall-timeout=1ms" }) {
			this.runner.withPropertyValues(bad).run((context) -> assertThat(context).as(bad).hasFailed());
		}
	}

	@Test
	void noServerWhenDisabled() {
		new ApplicationContextRunner().withUserConfiguration(FlightConfiguration.class)
			.withPropertyValues("candyflow.flight.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FlightServerLifecycle.class));
	}

	@EnableConfigurationProperties(FlightProperties.class)
	static class Properties {

	}

}
