package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How the listener container commits and what happens when the listener fails.
 * <p>
 * Offsets are only the mark of how far dead-lettering got (every start replays the
 * topic), so the container commits none (manual acknowledgment, never acknowledged): the
 * listener commits, asynchronously and about once a second, what the {@link StoreWriter}
 * is done with, dead letters sent. A synchronous commit after every poll was a round trip
 * to the broker per poll, 45 % of a replay's time (docs/benchmarks.md, issue 14); Kafka's
 * acknowledgments, handed from the writer's thread, cost a queue entry per record.
 * <p>
 * Bad records never fail the listener: they go to the dead-letter topic, and a failed
 * append is retried by the writer itself. What may still get here is a failure of the
 * poll thread, and spring-kafka's default would retry the batch ten times and then skip
 * it, or skip it at once for the exceptions it deems not worth a retry: records lost
 * while the consumer reports itself healthy. Here the batch is retried until it goes
 * through, backing off to one try every few seconds.
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
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> ingestCommits() {
		return (container) -> container.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
	}

}
