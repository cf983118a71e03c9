package io.candyflow.topicinit;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What topic-init creates.
 *
 * @param name the price topic
 * @param partitions its partition count; more partitions let more producers write in
 * parallel, every consumer reads them all
 * @param replicationFactor replicas per partition; 1 on a single broker
 * @param retention how long the broker keeps price updates; the consumer rebuilds its
 * state from what is retained, so this bounds both history and start-up time ({@code -1}
 * keeps everything)
 * @param deadLetterSuffix appended to {@code name} to name the dead-letter topic
 * @param brokerWait how long to wait for the broker before giving up
 */
@Validated
@ConfigurationProperties("candyflow.topics")
record TopicsProperties(@DefaultValue("candy_prices_raw") @NotBlank String name,
		@DefaultValue("6") @Min(1) int partitions, @DefaultValue("1") @Min(1) short replicationFactor,
		@DefaultValue("7d") @NotNull Duration retention, @DefaultValue(".DLT") @NotBlank String deadLetterSuffix,
		@DefaultValue("60s") @NotNull Duration brokerWait) {

	String deadLetterName() {
		return this.name + this.deadLetterSuffix;
	}

	long retentionMillis() {
		return this.retention.isNegative() ? -1 : this.retention.toMillis();
	}

}
