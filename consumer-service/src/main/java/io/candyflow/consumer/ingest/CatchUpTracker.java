package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Tells whether the consumer has caught up with the end offsets the topic had when it
 * started; part of the readiness group, so a consumer takes no traffic while it rebuilds
 * its state. Once caught up it stays so: falling behind later is lag, not unreadiness.
 */
@Component("catchUp")
class CatchUpTracker implements HealthIndicator {

	private static final Logger logger = LoggerFactory.getLogger(CatchUpTracker.class);

	private final long startNanos = System.nanoTime();

	/** End offsets when the consumer started; consumer thread only. */
	private Map<TopicPartition, Long> targets;

	private volatile boolean caughtUp;

	private volatile long behind = -1;

	/**
	 * Compares the consumer's position with the targets; call on the consumer thread.
	 * @param consumer the listener's consumer
	 */
	void check(Consumer<?, ?> consumer) {
		if (this.caughtUp) {
			return;
		}
		Set<TopicPartition> assignment = consumer.assignment();
		if (assignment.isEmpty()) {
			return;
		}
		if (this.targets == null) {
			this.targets = consumer.endOffsets(assignment);
		}
		long lag = 0;
		for (Map.Entry<TopicPartition, Long> target : this.targets.entrySet()) {
			lag += Math.max(0, target.getValue() - consumer.position(target.getKey()));
		}
		this.behind = lag;
		if (lag == 0) {
			this.caughtUp = true;
			logger.info("Caught up with the topic in {} ms; ready",
					Duration.ofNanos(System.nanoTime() - this.startNanos).toMillis());
		}
	}

	boolean isCaughtUp() {
		return this.caughtUp;
	}

	@Override
	public Health health() {
		if (this.caughtUp) {
			return Health.up().build();
		}
		return Health.outOfService().withDetail("behind", (this.behind >= 0) ? this.behind : "unknown").build();
	}

}
