package io.candyflow.topicinit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Waits (bounded) for the broker, then creates or grows the topics through
 * {@link KafkaAdmin}, which leaves existing topics alone and only ever adds partitions.
 */
@Component
class TopicInitializer implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(TopicInitializer.class);

	private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

	private final KafkaAdmin kafkaAdmin;

	private final TopicsProperties topics;

	TopicInitializer(KafkaAdmin kafkaAdmin, TopicsProperties topics) {
		this.kafkaAdmin = kafkaAdmin;
		this.topics = topics;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		awaitBroker();
		String retention = Long.toString(this.topics.retentionMillis());
		NewTopic prices = TopicBuilder.name(this.topics.name())
			.partitions(this.topics.partitions())
			.replicas(this.topics.replicationFactor())
			.config(TopicConfig.RETENTION_MS_CONFIG, retention)
			.build();
		// Bad records are kept as long as the good ones, so they can be inspected and
		// replayed.
		NewTopic deadLetters = TopicBuilder.name(this.topics.deadLetterName())
			.partitions(this.topics.partitions())
			.replicas(this.topics.replicationFactor())
			.config(TopicConfig.RETENTION_MS_CONFIG, retention)
			.build();
		this.kafkaAdmin.createOrModifyTopics(prices, deadLetters);
		Map<String, TopicDescription> described = this.kafkaAdmin.describeTopics(prices.name(), deadLetters.name());
		described.values()
			.forEach((topic) -> logger.info("Topic {} is ready with {} partitions", topic.name(),
					topic.partitions().size()));
	}

	private void awaitBroker() throws InterruptedException {
		Object servers = this.kafkaAdmin.getConfigurationProperties().get("bootstrap.servers");
		long deadline = System.nanoTime() + this.topics.brokerWait().toNanos();
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			while (true) {
				try {
					int nodes = admin.describeCluster()
						.nodes()
						.get(ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
						.size();
					logger.info("Kafka at {} is up ({} broker{})", servers, nodes, (nodes == 1) ? "" : "s");
					return;
				}
				catch (ExecutionException | TimeoutException ex) {
					if (System.nanoTime() > deadline) {
						throw new BrokerUnavailableException("Kafka at " + servers + " did not answer within "
								+ this.topics.brokerWait().toSeconds() + " s; is it running?");
					}
					logger.info("Waiting for Kafka at {}", servers);
				}
			}
		}
	}

}
