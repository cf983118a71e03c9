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
 * @param mode {@code full}: this consumer holds every partition (a group of its own);
 * {@code sharded}: it holds the partitions Kafka assigns it in {@code group}, shared with
 * the other sharded consumers
 * @param group the consumer group of the sharded consumers
 */
@Validated
@ConfigurationProperties("candyflow.ingest")
public record IngestProperties(@DefaultValue("candy_prices_raw") @NotBlank String topic,
		@DefaultValue(".DLT") @NotBlank String deadLetterSuffix,
		@DefaultValue("candyflow-consumer") @NotBlank String deadLetterGroup,
		@DefaultValue("2") @Min(1) @Max(64) int queuedPolls, @DefaultValue("30s") @NotNull Duration stallTimeout,
		@DefaultValue("full") @NotNull Mode mode, @DefaultValue("candyflow-shards") @NotBlank String group) {

	/**
	 * How much of the topic a consumer holds.
	 */
	public enum Mode {

		/** Every partition. */
		FULL,

		/** The partitions the shared group assigns it. */
		SHARDED

	}

	boolean sharded() {
		return this.mode == Mode.SHARDED;
	}

	String deadLetterTopic() {
		return this.topic + this.deadLetterSuffix;
	}

}
