package io.candyflow.consumer.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The price topic's partitions: how many there are (asked of Kafka every few seconds, so
 * that partitions added to the topic are routed to without a restart) and which one holds
 * a candy.
 */
final class Partitions implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Partitions.class);

	private static final Duration REFRESH = Duration.ofSeconds(5);

	private final String topic;

	private final Admin admin;

	private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "candyflow-partitions");
		thread.setDaemon(true);
		return thread;
	});

	/** 0 until Kafka told. */
	private volatile int count;

	Partitions(String topic, Map<String, Object> kafka) {
		this.topic = topic;
		Map<String, Object> config = new HashMap<>(kafka);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
		this.admin = Admin.create(config);
		this.refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * The partition Kafka's default partitioner puts a candy's updates in: murmur2 of the
	 * key's bytes (the producer's key is {@code candy_id}, UTF-8), the same function as
	 * the producer's {@code BuiltInPartitioner.partitionForKey}.
	 * @param candyId the candy
	 * @param partitions how many partitions the topic has
	 * @return the partition
	 */
	static int of(String candyId, int partitions) {
		return Utils.toPositive(Utils.murmur2(candyId.getBytes(StandardCharsets.UTF_8))) % partitions;
	}

	/**
	 * How many partitions the topic has, as Kafka last said.
	 * @return the count, 0 if not known yet
	 */
	int count() {
		return this.count;
	}

	private void refresh() {
		try {
			TopicDescription description = this.admin.describeTopics(List.of(this.topic))
				.allTopicNames()
				.get(5, TimeUnit.SECONDS)
				.get(this.topic);
			int partitions = description.partitions().size();
			if (partitions != this.count) {
				logger.info("The topic {} has {} partitions", this.topic, partitions);
			}
			this.count = partitions;
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.debug("Could not count the partitions of {}: {}", this.topic, ex.toString());
		}
	}

	@Override
	public void close() {
		this.refresher.shutdownNow();
		this.admin.close(Duration.ofSeconds(2));
	}

}
