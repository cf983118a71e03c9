package io.candyflow.consumer.cluster;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code candyflow.cluster.*}: the defaults, and settings that make no sense refused at
 * start.
 */
class ClusterPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class);

	@Test
	void defaults() {
		this.runner.run((context) -> assertThat(context.getBean(ClusterProperties.class))
			.isEqualTo(new ClusterProperties(null, "candyflow.members", Duration.ofSeconds(1), Duration.ofSeconds(5),
					Duration.ofSeconds(2), Duration.ofSeconds(1))));
	}

	@Test
	void theAdvertisedUrlIsTheConfiguredOneOrThisHostsName() {
		this.runner.withPropertyValues("candyflow.cluster.advertised-url=http://c1:8080/")
			.run((context) -> assertThat(context.getBean(ClusterProperties.class).advertisedUrl(9000))
				.isEqualTo("http://c1:8080"));
		this.runner.withPropertyValues("candyflow.cluster.advertised-url= ")
			.run((context) -> assertThat(context.getBean(ClusterProperties.class).advertisedUrl(9000))
				.startsWith("http://")
				.endsWith(":9000"));
	}

	@Test
	void refusesSettingsThatMakeNoSense() {
		for (String bad : new String[] { "candyflow.cluster.member-timeout=1s",
				"candyflow.cluster.member-timeout=500ms", "candyflow.cluster.heartbeat-interval=0s",
				"candyflow.cluster.members-topic=", "candyflow.cluster.advertised-url=c1:8080",
				"candyflow.cluster.forward-timeout=0s" }) {
			this.runner.withPropertyValues(bad).run((context) -> assertThat(context).as(bad).hasFailed());
		}
	}

	@EnableConfigurationProperties(ClusterProperties.class)
	static class Properties {

	}

}
