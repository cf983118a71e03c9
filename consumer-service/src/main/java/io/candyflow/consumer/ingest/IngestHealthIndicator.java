package io.candyflow.consumer.ingest;

import java.time.Duration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * DOWN while ingestion is stuck with records waiting, for longer than
 * {@code candyflow.ingest.stall-timeout}: the store's writer fails to apply a poll (it is
 * read again, and fails again), or the dead letters of a poll are not acknowledged. A
 * quiet topic is not a stall, and neither is a Kafka outage (the {@code kafka} component
 * says that). Not part of readiness: the consumer still answers from what it holds.
 */
@Component("ingest")
class IngestHealthIndicator implements HealthIndicator {

	private final StoreWriter writer;

	private final DeadLetterRouter deadLetters;

	private final Duration timeout;

	IngestHealthIndicator(StoreWriter writer, DeadLetterRouter deadLetters, IngestProperties properties) {
		this.writer = writer;
		this.deadLetters = deadLetters;
		this.timeout = properties.stallTimeout();
	}

	@Override
	public Health health() {
		String stall = this.writer.stall(this.timeout);
		if (stall == null && this.deadLetters.failingFor().compareTo(this.timeout) > 0) {
			stall = "dead letters have not been acknowledged for " + this.deadLetters.failingFor().toSeconds()
					+ " s (see the deadLetters component)";
		}
		// the reason as the status's description: health shows no details
		return (stall != null) ? Health.status(new Status("DOWN", stall)).build() : Health.up().build();
	}

}
