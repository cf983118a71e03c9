package io.candyflow.consumer.sql;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code candyflow.sql.*}: the defaults, and limits that make no sense refused at start.
 */
class SqlPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Properties.class);

	@Test
	void defaults() {
		this.runner.run((context) -> assertThat(context.getBean(SqlProperties.class))
			.isEqualTo(new SqlProperties(Duration.ofSeconds(10), 10_000, 4, DataSize.ofMegabytes(512), 2,
					DataSize.ofKilobytes(64), DataSize.ofMegabytes(16))));
	}

	@Test
	void refusesLimitsThatMakeNoSense() {
		for (String bad : new String[] { "candyflow.sql.max-rows=0", "candyflow.sql.timeout=1ms",
				"candyflow.sql.max-concurrent-queries=0", "candyflow.sql.threads=0", "candyflow.sql.memory-limit=1MB",
				"candyflow.sql.max-query-size=100B", "candyflow.sql.max-query-size=1GB",
				"candyflow.sql.max-result-size=100B", "candyflow.sql.max-result-size=2GB" }) {
			this.runner.withPropertyValues(bad).run((context) -> assertThat(context).as(bad).hasFailed());
		}
	}

	@EnableConfigurationProperties(SqlProperties.class)
	static class Properties {

	}

}
