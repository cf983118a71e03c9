package io.candyflow.producer.publish;

import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * What the producer last learned about Kafka, from two sources: the outcome of every send
 * ({@code POST /prices} and the simulator alike) and the periodic {@link ClusterProbe}.
 * The most recent evidence wins, with one exception: a probe that finds the cluster does
 * not clear a failed send for two probe intervals, because a cluster can answer the probe
 * while it still refuses records (too few in-sync replicas, say), and health should not
 * flicker UP between the failures then.
 * <p>
 * Writes are plain volatile stores, cheap enough for every acknowledged record; times are
 * nanoseconds since this object was made, so that 0 means "never".
 */
@Component
class KafkaStatus {

	private final long origin = System.nanoTime();

	private final long failedSendHoldNanos;

	private volatile long sendSucceededAt;

	private volatile long sendFailedAt;

	private volatile String sendFailure;

	private volatile long probeSucceededAt;

	private volatile long probeFailedAt;

	private volatile String probeFailure;

	KafkaStatus(PublishProperties properties) {
		this.failedSendHoldNanos = properties.healthProbeInterval().multipliedBy(2).toNanos();
	}

	void sendSucceeded() {
		this.sendSucceededAt = now();
	}

	void sendFailed(String reason) {
		this.sendFailure = reason;
		this.sendFailedAt = now();
	}

	void probeSucceeded() {
		this.probeSucceededAt = now();
	}

	void probeFailed(String reason) {
		this.probeFailure = reason;
		this.probeFailedAt = now();
	}

	Health health() {
		long sendOk = this.sendSucceededAt;
		long sendBad = this.sendFailedAt;
		long probeOk = this.probeSucceededAt;
		long probeBad = this.probeFailedAt;
		long good = Math.max(sendOk, probeOk);
		if (probeBad > good) {
			return Health.down().withDetail("error", this.probeFailure).build();
		}
		if (sendBad > sendOk && (sendBad > probeOk || now() - sendBad < this.failedSendHoldNanos)) {
			return Health.down().withDetail("error", this.sendFailure).build();
		}
		// Before the first probe has answered and anything was sent.
		return (good != 0) ? Health.up().build() : Health.unknown().build();
	}

	private long now() {
		return System.nanoTime() - this.origin + 1;
	}

}
