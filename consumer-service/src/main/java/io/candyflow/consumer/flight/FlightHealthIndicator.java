package io.candyflow.consumer.flight;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code flight}: UP while the Flight server listens, with its port.
 */
final class FlightHealthIndicator implements HealthIndicator {

	private final FlightServerLifecycle server;

	FlightHealthIndicator(FlightServerLifecycle server) {
		this.server = server;
	}

	@Override
	public Health health() {
		int port = this.server.port();
		return (port >= 0) ? Health.up().withDetail("port", port).build()
				: Health.down().withDetail("reason", "The Flight server is not running").build();
	}

}
