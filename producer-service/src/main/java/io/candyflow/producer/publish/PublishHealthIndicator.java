package io.candyflow.producer.publish;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN, with the reason, while {@code POST /prices} cannot get its records acknowledged
 * by Kafka; UP again after the next request that succeeds. It reports what clients see
 * (503s) rather than probing the broker on every health check.
 */
@Component("kafka")
class PublishHealthIndicator implements HealthIndicator {

	private final PricePublisher publisher;

	PublishHealthIndicator(PricePublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public Health health() {
		String failure = this.publisher.lastFailure();
		return (failure != null) ? Health.down().withDetail("error", failure).build() : Health.up().build();
	}

}
