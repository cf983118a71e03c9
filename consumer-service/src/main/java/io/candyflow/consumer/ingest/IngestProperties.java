package io.candyflow.consumer.ingest;

import java.time.Duration;

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
 */
@Validated
@ConfigurationProperties("candyflow.ingest")
record IngestProperties(@DefaultValue("candy_prices_raw") @NotBlank String topic,
		@DefaultValue(".DLT") @NotBlank String deadLetterSuffix, @DefaultValue("60s") @NotNull Duration topicWait) {

	String deadLetterTopic() {
		return this.topic + this.deadLetterSuffix;
	}

}
