package io.candyflow.producer.publish;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN, with the reason, while Kafka does not take the producer's records (sends of
 * {@code POST /prices} or of the simulator fail) or the periodic cluster probe finds no
 * cluster or no price topic. It only reads what sends and probe recorded in
 * {@link KafkaStatus}: a health check never waits for the broker.
 */
@Component("kafka")
class PublishHealthIndicator implements HealthIndicator {

	private final KafkaStatus status;

	PublishHealthIndicator(KafkaStatus status) {
		this.status = status;
	}

	@Override
	public Health health() {
		return this.status.health();
	}

}
