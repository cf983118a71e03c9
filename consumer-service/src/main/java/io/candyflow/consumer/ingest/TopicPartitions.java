package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds the partitions of the price topic, so that the listener can assign itself all of
 * them: every consumer replica holds the full view, so there is no consumer group to
 * share partitions in.
 */
@Component
class TopicPartitions {

	private static final Logger logger = LoggerFactory.getLogger(TopicPartitions.class);

	private final ConsumerFactory<?, ?> consumerFactory;

	private final IngestProperties properties;

	TopicPartitions(ConsumerFactory<?, ?> consumerFactory, IngestProperties properties) {
		this.consumerFactory = consumerFactory;
		this.properties = properties;
	}

	/**
	 * The topic to read, for the listener's annotation.
	 * @return the topic name
	 */
	public String topic() {
		return this.properties.topic();
	}

	/**
	 * Every partition of the topic, waiting for it to exist up to the configured time.
	 * @return the partition numbers
	 */
	public String[] all() {
		long deadline = System.nanoTime() + this.properties.topicWait().toNanos();
		try (Consumer<?, ?> consumer = this.consumerFactory.createConsumer("partition-lookup", null)) {
			while (true) {
				List<PartitionInfo> partitions = lookUp(consumer);
				if (!partitions.isEmpty()) {
					logger.info("Reading all {} partitions of {} from the beginning", partitions.size(), topic());
					return partitions.stream().map((info) -> Integer.toString(info.partition())).toArray(String[]::new);
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Topic " + topic() + " was not found within "
							+ this.properties.topicWait().toSeconds() + " s; create it with topic-init");
				}
				logger.info("Waiting for topic {}", topic());
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while waiting for topic " + topic(), ex);
				}
			}
		}
	}

	private List<PartitionInfo> lookUp(Consumer<?, ?> consumer) {
		try {
			List<PartitionInfo> partitions = consumer.partitionsFor(topic(), Duration.ofSeconds(2));
			return (partitions != null) ? partitions : List.of();
		}
		catch (org.apache.kafka.common.errors.TimeoutException ex) {
			return List.of();
		}
	}

}
