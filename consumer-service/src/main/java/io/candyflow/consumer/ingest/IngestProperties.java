package io.candyflow.consumer.ingest;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the consumer reads from and where bad records go.
 *
 * @param topic the price topic
 * @param deadLetterSuffix appended to {@code topic} to name the dead-letter topic
 * @param topicWait how long to wait at start-up for the topic to exist
 * @param queuedPolls decoded polls that may wait for the store's writer: the bound on how
 * far the poll thread reads ahead of it
 */
@Validated
@ConfigurationProperties("candyflow.ingest")
record IngestProperties(@DefaultValue("candy_prices_raw") @NotBlank String topic,
		@DefaultValue(".DLT") @NotBlank String deadLetterSuffix, @DefaultValue("60s") @NotNull Duration topicWait,
		@DefaultValue("2") @Min(1) @Max(64) int queuedPolls) {

	String deadLetterTopic() {
		return this.topic + this.deadLetterSuffix;
	}

}
