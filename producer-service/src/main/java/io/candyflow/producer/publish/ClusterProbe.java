package io.candyflow.producer.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Asks the cluster every {@link PublishProperties#healthProbeInterval()} whether it is
 * there and holds the price topic, so that the {@code kafka} health component is right
 * when nothing is being sent. One thread, one Admin client, one probe at a time: health
 * checks only read the last answer, however often they come.
 */
@Component
class ClusterProbe implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ClusterProbe.class);

	private final KafkaAdmin kafkaAdmin;

	private final KafkaStatus status;

	private final String topic;

	private final Duration interval;

	private final Duration timeout;

	private ThreadPoolTaskScheduler scheduler;

	/** Made on the probe's thread and used only there until stop() closes it. */
	private Admin admin;

	/**
	 * What the last probe found ({@code null}: all well; empty: nothing yet), so that an
	 * outage is logged once, not at every probe.
	 */
	private String lastFailure = "";

	ClusterProbe(KafkaAdmin kafkaAdmin, KafkaStatus status, PublishProperties properties) {
		this.kafkaAdmin = kafkaAdmin;
		this.status = status;
		this.topic = properties.topic();
		this.interval = properties.healthProbeInterval();
		this.timeout = properties.healthProbeTimeout();
	}

	private void probe() {
		try {
			String failure = check();
			if (failure == null) {
				this.status.probeSucceeded();
				if (this.lastFailure != null) {
					logger.info("Kafka probe: the cluster answers and holds topic {}", this.topic);
				}
			}
			else {
				this.status.probeFailed(failure);
				if (!failure.equals(this.lastFailure)) {
					logger.warn("Kafka probe: {}", failure);
				}
			}
			this.lastFailure = failure;
		}
		catch (RuntimeException ex) {
			// Never let one bad probe end the schedule.
			this.status.probeFailed("Kafka probe failed: " + ex.getMessage());
			this.lastFailure = "";
			logger.warn("Kafka probe failed", ex);
		}
	}

	/**
	 * One probe.
	 * @return why Kafka cannot take records, or {@code null} if it can
	 */
	private String check() {
		int timeoutMs = (int) this.timeout.toMillis();
		try {
			if (this.admin == null) {
				// Made lazily so that a bootstrap address that does not resolve yet is
				// retried at the next probe rather than failing the start.
				this.admin = Admin.create(this.kafkaAdmin.getConfigurationProperties());
			}
			this.admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
				.nodes()
				.get(timeoutMs, TimeUnit.MILLISECONDS);
			this.admin.describeTopics(List.of(this.topic), new DescribeTopicsOptions().timeoutMs(timeoutMs))
				.allTopicNames()
				.get(timeoutMs, TimeUnit.MILLISECONDS);
			return null;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return "Topic " + this.topic + " does not exist";
			}
			if (ex.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
				return noAnswer(timeoutMs);
			}
			return "Kafka did not answer the probe: " + ex.getCause().getMessage();
		}
		catch (TimeoutException ex) {
			return noAnswer(timeoutMs);
		}
		catch (KafkaException ex) {
			return "Kafka client could not be made: " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "Probe interrupted";
		}
	}

	private static String noAnswer(int timeoutMs) {
		return "Kafka did not answer the probe within " + timeoutMs + " ms";
	}

	@Override
	public void start() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("kafka-probe-");
		scheduler.setDaemon(true);
		scheduler.setAwaitTerminationSeconds(5);
		scheduler.initialize();
		// Fixed delay: a probe that waits for its timeout never piles up behind itself.
		scheduler.scheduleWithFixedDelay(this::probe, Instant.now(), this.interval);
		this.scheduler = scheduler;
	}

	@Override
	public void stop() {
		this.scheduler.shutdown();
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(1));
		}
		this.scheduler = null;
		this.admin = null;
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
