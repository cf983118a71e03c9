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
 * Where the consumer reads from, where bad records go, and when ingestion counts as
 * stuck.
 *
 * @param topic the price topic
 * @param deadLetterSuffix appended to {@code topic} to name the dead-letter topic
 * @param deadLetterGroup the consumer group whose members share the dead-lettering: the
 * member a partition is assigned to sends that partition's dead letters, and the group's
 * committed offsets say how far it got
 * @param queuedPolls decoded polls that may wait for the store's writer: the bound on how
 * far the poll thread reads ahead of it
 * @param stallTimeout how long the store's writer or the dead-letter path may go without
 * a success, with records waiting, before the {@code ingest} health component is DOWN
 */
@Validated
@ConfigurationProperties("candyflow.ingest")
record IngestProperties(@DefaultValue("candy_prices_raw") @NotBlank String topic,
		@DefaultValue(".DLT") @NotBlank String deadLetterSuffix,
		@DefaultValue("candyflow-consumer") @NotBlank String deadLetterGroup,
		@DefaultValue("2") @Min(1) @Max(64) int queuedPolls, @DefaultValue("30s") @NotNull Duration stallTimeout) {

	String deadLetterTopic() {
		return this.topic + this.deadLetterSuffix;
	}

}
