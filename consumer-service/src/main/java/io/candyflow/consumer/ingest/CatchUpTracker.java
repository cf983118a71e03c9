package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Tells whether the consumer has caught up with the end offsets the topic had when it
 * started; part of the readiness group, so a consumer takes no traffic while it rebuilds
 * its state. Once caught up it stays so: falling behind later is lag, not unreadiness.
 * (In sharded mode, an assignment of new partitions is a new start for them: not caught
 * up until they are replayed to the ends they had then.) Until the topic exists (or Kafka
 * answers) it is not caught up either: there is no end to catch up with.
 */
@Component("catchUp")
class CatchUpTracker implements HealthIndicator {

	private static final Logger logger = LoggerFactory.getLogger(CatchUpTracker.class);

	private final long startNanos = System.nanoTime();

	/** End offsets when the consumer started; consumer (poll) thread only. */
	private Map<TopicPartition, Long> targets;

	/**
	 * Partitions assigned since (sharded mode) whose end offsets are still to be added to
	 * the targets; poll thread only.
	 */
	private final Set<TopicPartition> assigned = new HashSet<>();

	private volatile boolean caughtUp;

	private volatile long behind = -1;

	/** When the first poll with records arrived; 0 until then. Writer thread only. */
	private long firstBatchNanos;

	private long replayedRecords;

	private volatile double replaySeconds = Double.NaN;

	private volatile double replayRecords = Double.NaN;

	private final ApplicationEventPublisher events;

	CatchUpTracker(MeterRegistry meters, ApplicationEventPublisher events) {
		this.events = events;
		// How long the last start took to rebuild the store from the topic, counted from
		// the first record so that the JVM's and Spring's start-up are left out: the
		// figure to compare with Kafka's own consumer, and to plan restarts with.
		Gauge.builder("candyflow.ingest.replay.duration", this, (tracker) -> tracker.replaySeconds)
			.baseUnit("seconds")
			.description("From the first replayed record to caught up, at start; NaN until caught up")
			.register(meters);
		Gauge.builder("candyflow.ingest.replay.records", this, (tracker) -> tracker.replayRecords)
			.description("Records read from the first record to caught up, at start; NaN until caught up")
			.register(meters);
	}

	/**
	 * How far the consumer's position is behind the targets, right after a poll; call on
	 * the consumer thread, and hand the figure to {@link #applied} with the poll.
	 * @param consumer the listener's consumer
	 * @return the records between the position and the targets, or -1 if not known yet
	 * (no partition assigned)
	 */
	long lag(Consumer<?, ?> consumer) {
		if (this.caughtUp) {
			return 0;
		}
		Set<TopicPartition> assignment = consumer.assignment();
		if (assignment.isEmpty()) {
			return -1;
		}
		if (this.targets == null) {
			this.targets = new HashMap<>(consumer.endOffsets(assignment));
			this.assigned.removeAll(assignment);
		}
		if (!this.assigned.isEmpty()) {
			this.targets.putAll(consumer.endOffsets(this.assigned));
			this.assigned.clear();
		}
		long lag = 0;
		for (Map.Entry<TopicPartition, Long> target : this.targets.entrySet()) {
			lag += Math.max(0, target.getValue() - consumer.position(target.getKey()));
		}
		this.behind = lag;
		return lag;
	}

	/**
	 * Counts a poll the store's writer has applied; caught up once it applied the poll
	 * that reached the targets. Call on the writer's thread.
	 * @param records how many records the poll had (0 when idle)
	 * @param lag {@link #lag} right after that poll
	 * @param pollNanos when that poll arrived ({@link System#nanoTime()})
	 */
	void applied(int records, long lag, long pollNanos) {
		if (this.caughtUp) {
			return;
		}
		if (records > 0 && this.replayedRecords == 0) {
			this.firstBatchNanos = pollNanos;
		}
		this.replayedRecords += records;
		if (lag == 0) {
			long now = System.nanoTime();
			if (this.replayedRecords > 0) {
				this.replaySeconds = (now - this.firstBatchNanos) / 1e9;
				this.replayRecords = this.replayedRecords;
			}
			else {
				this.replaySeconds = 0;
				this.replayRecords = 0;
			}
			this.caughtUp = true;
			logger.info("Caught up with the topic in {} ms ({} records replayed in {} ms); ready",
					Duration.ofNanos(now - this.startNanos).toMillis(), this.replayedRecords,
					Math.round(this.replaySeconds * 1000));
			this.events.publishEvent(new CaughtUp());
		}
	}

	/**
	 * Partitions newly assigned in sharded mode: not caught up again until they have been
	 * read up to the end offsets they have now. Poll thread, while the writer applies
	 * nothing ({@link StoreWriter#runInTurn}).
	 * @param partitions the partitions
	 */
	void assigned(Collection<TopicPartition> partitions) {
		this.assigned.addAll(partitions);
		this.behind = -1;
		this.replayedRecords = 0;
		this.caughtUp = false;
	}

	/**
	 * Partitions revoked in sharded mode: no longer waited for. Poll thread.
	 * @param partitions the partitions
	 */
	void revoked(Collection<TopicPartition> partitions) {
		this.assigned.removeAll(partitions);
		if (this.targets != null) {
			this.targets.keySet().removeAll(partitions);
		}
	}

	boolean isCaughtUp() {
		return this.caughtUp;
	}

	/**
	 * Published on the writer's thread when the store has caught up: once at start, and
	 * in sharded mode again after each assignment of new partitions.
	 */
	public record CaughtUp() {
	}

	@Override
	public Health health() {
		if (this.caughtUp) {
			return Health.up().build();
		}
		return Health.outOfService().withDetail("behind", (this.behind >= 0) ? this.behind : "unknown").build();
	}

}
