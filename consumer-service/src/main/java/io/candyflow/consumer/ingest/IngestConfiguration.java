package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import io.candyflow.consumer.store.PriceStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How the two listeners commit and what happens when one fails.
 * <p>
 * The price listener commits nothing ({@link IngestTopics}): its container acknowledges
 * nothing (manual acknowledgment, never acknowledged). The dead-letter listener commits
 * after every poll whose dead letters were acknowledged ({@link DeadLetterRouter}).
 * <p>
 * Bad records never fail the price listener, and a failed append is retried by the writer
 * itself. What may still get here is a failure of a poll thread, or a dead letter the
 * broker did not acknowledge; and spring-kafka's default would retry the poll ten times
 * and then skip it, or skip it at once for the exceptions it deems not worth a retry:
 * records (or dead letters) lost while the consumer reports itself healthy. Here the poll
 * is retried until it goes through, backing off to one try every few seconds.
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	@Bean
	CommonErrorHandler ingestErrorHandler() {
		ExponentialBackOff backOff = new ExponentialBackOff(50, 1.5);
		backOff.setMaxInterval(Duration.ofSeconds(5).toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
		// The default counts some exceptions (ClassCastException among them) as never
		// worth retrying and skips the batch at once: exactly how Arrow failed on Java
		// 23+.
		handler.setClassifications(Map.of(), true);
		return handler;
	}

	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> ingestCommits(
			IngestProperties properties, StoreWriter writer, PriceStore store, CatchUpTracker catchUp,
			Ownership ownership) {
		return (container) -> {
			if (PriceListener.ID.equals(container.getListenerId())) {
				ContainerProperties containerProperties = container.getContainerProperties();
				containerProperties.setAckMode(ContainerProperties.AckMode.MANUAL);
				if (properties.sharded()) {
					containerProperties
						.setConsumerRebalanceListener(new ShardRebalanceListener(writer, store, catchUp, ownership));
					containerProperties.setKafkaConsumerProperties(shardedConsumer());
				}
			}
		};
	}

	/**
	 * The classic group protocol with cooperative-sticky assignment (the consumers'
	 * default here), and a session timeout of the broker's least by default (6 s, against
	 * the client's 45 s): how long the partitions of a consumer that died unannounced go
	 * unread before Kafka gives them to the others. KIP-848's protocol takes its session
	 * timeout from the broker only ({@code group.consumer.session.timeout.ms}, 45 s by
	 * default), which an application cannot lower.
	 */
	private static Properties shardedConsumer() {
		Properties consumer = new Properties();
		consumer.setProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
		consumer.setProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
		return consumer;
	}

}
