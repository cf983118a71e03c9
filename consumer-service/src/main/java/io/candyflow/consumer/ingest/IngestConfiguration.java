package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What happens when the listener fails. Bad records never get here: the listener sends
 * them to the dead-letter topic. What does get here is a failure of the consumer itself
 * (Arrow cannot allocate, a bug), and spring-kafka's default would retry the batch ten
 * times and then skip it, or skip it at once for the exceptions it deems not worth a
 * retry: records lost while the consumer reports itself healthy. Here the batch is
 * retried until it goes through, backing off to one try every few seconds; the partitions
 * wait, readiness stays down during a catch-up, and the log says why.
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	@Bean
	CommonErrorHandler ingestErrorHandler() {
		ExponentialBackOff backOff = new ExponentialBackOff(50, 1.5);
		backOff.setMaxInterval(Duration.ofSeconds(5).toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
		// The default counts some exceptions (ClassCastException among them) as never
		// worth
		// retrying and skips the batch at once: exactly how Arrow failed on Java 23+.
		handler.setClassifications(Map.of(), true);
		return handler;
	}

}
