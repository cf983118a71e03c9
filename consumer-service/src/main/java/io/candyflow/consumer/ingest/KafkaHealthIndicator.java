package io.candyflow.consumer.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Whether the Kafka cluster answers. Not part of readiness: without Kafka the consumer
 * keeps answering from the state it holds, and resumes ingesting by itself when the
 * broker is back; this shows the outage in {@code /actuator/health}.
 */
@Component("kafka")
class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

	private final Admin admin;

	KafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
		Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
		config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
		this.admin = Admin.create(config);
	}

	@Override
	public Health health() {
		try {
			String clusterId = this.admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
				.clusterId()
				.get(2500, TimeUnit.MILLISECONDS);
			return Health.up().withDetail("clusterId", clusterId).build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.unknown().build();
		}
		catch (Exception ex) {
			return Health.down().withDetail("error", "Kafka did not answer within 2 s").build();
		}
	}

	@Override
	public void destroy() {
		this.admin.close(java.time.Duration.ofSeconds(1));
	}

}
