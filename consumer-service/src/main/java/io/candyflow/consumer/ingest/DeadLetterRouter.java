package io.candyflow.consumer.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.PriceUpdateCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.event.EventListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Sends the records that are not valid price updates to the dead-letter topic, with the
 * reason and the original position in headers (spring-kafka's {@code kafka_dlt-*} names,
 * so its tooling reads them).
 * <p>
 * A listener of its own, in the consumer group shared by every replica
 * ({@link IngestProperties#deadLetterGroup()}): Kafka assigns each partition to one
 * replica, which dead-letters that partition's bad records and commits how far it got
 * once they are acknowledged. So a bad record is sent once, whatever the number of
 * replicas, and a replica that takes a partition over starts where the previous owner
 * committed; only after a replica dies between a send and its commit are the letters of
 * that one poll sent again (at least once).
 * <p>
 * Nothing is committed past a dead letter that the broker did not acknowledge: the poll
 * fails from that record on, spring-kafka's error handler commits what came before it and
 * reads the rest again, backing off, for as long as it takes; the {@code
 * deadLetters} health component is DOWN meanwhile. The price listener does not wait for
 * any of it: valid records behind a bad one are applied at once. It starts once the store
 * has caught up, so that it does not compete with the replay for the CPU.
 */
@Component("deadLetters")
class DeadLetterRouter implements HealthIndicator {

	static final String ID = "dead-letters";

	/** Header with the human-readable reason. */
	static final String REASON_HEADER = "candyflow-reason";

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterRouter.class);

	/** How often a failure that goes on is logged again. */
	private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

	private final KafkaTemplate<byte[], byte[]> kafkaTemplate;

	private final KafkaListenerEndpointRegistry registry;

	private final PriceStore store;

	private final String topic;

	private final PriceUpdateCodec codec = new PriceUpdateCodec();

	private final DecodedPoll poll = new DecodedPoll();

	private final Counter sent;

	private final Counter failures;

	/**
	 * Since when dead letters fail to be acknowledged ({@link System#nanoTime()}); 0 if
	 * they do not.
	 */
	private volatile long failingSince;

	private volatile String failure;

	private long loggedNanos;

	DeadLetterRouter(KafkaTemplate<byte[], byte[]> kafkaTemplate, KafkaListenerEndpointRegistry registry,
			PriceStore store, IngestProperties properties, MeterRegistry meters) {
		this.kafkaTemplate = kafkaTemplate;
		this.registry = registry;
		this.store = store;
		this.topic = properties.deadLetterTopic();
		this.sent = Counter.builder("candyflow.ingest.dead.letters")
			.description("Dead letters acknowledged by the dead-letter topic, sent by this replica")
			.register(meters);
		this.failures = Counter.builder("candyflow.ingest.dead.letter.failures")
			.description("Polls whose dead letters the dead-letter topic did not acknowledge, read again")
			.register(meters);
	}

	@EventListener
	void caughtUp(CatchUpTracker.CaughtUp event) {
		this.registry.getListenerContainer(ID).start();
	}

	@KafkaListener(id = ID, idIsGroup = false, groupId = "#{@ingestTopics.deadLetterGroup()}",
			topics = "#{@ingestTopics.topic()}", batch = "true", autoStartup = "false")
	void route(List<ConsumerRecord<byte[], byte[]>> records) {
		// the same decoding as the price listener's, so the same verdict and reason
		this.poll.decode(records, 0, -1, 0, this.codec, this.store);
		try {
			List<CompletableFuture<?>> sends = new ArrayList<>();
			List<Integer> indexes = new ArrayList<>();
			for (int i = 0; i < this.poll.size(); i++) {
				String problem = this.poll.problem(i);
				if (problem == null) {
					continue;
				}
				CompletableFuture<?> send;
				try {
					send = this.kafkaTemplate.send(deadLetter(records.get(i), problem));
				}
				catch (RuntimeException ex) {
					// the template throws what the producer's send threw
					send = CompletableFuture.failedFuture(ex);
				}
				if (send.isCompletedExceptionally()) {
					// the topic is not there or the broker not reachable (the send waited
					// for it): the rest would wait as long, each
					awaitAcknowledged(records, i, send);
				}
				sends.add(send);
				indexes.add(i);
			}
			for (int i = 0; i < sends.size(); i++) {
				awaitAcknowledged(records, indexes.get(i), sends.get(i));
			}
			this.sent.increment(sends.size());
			if (this.failingSince != 0) {
				logger.info("Dead letters are written to {} again", this.topic);
				this.failingSince = 0;
				this.failure = null;
			}
		}
		finally {
			this.poll.clear();
		}
	}

	/**
	 * Waits for a dead letter's acknowledgment; fails the poll from its record on if
	 * there is none.
	 */
	private void awaitAcknowledged(List<ConsumerRecord<byte[], byte[]>> records, int index, CompletableFuture<?> send) {
		Throwable cause;
		try {
			// bounded by the producer's delivery.timeout.ms
			send.get(30, TimeUnit.SECONDS);
			return;
		}
		catch (ExecutionException ex) {
			cause = ex.getCause();
		}
		catch (TimeoutException ex) {
			cause = ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			cause = ex;
		}
		ConsumerRecord<byte[], byte[]> record = records.get(index);
		long now = System.nanoTime();
		if (this.failingSince == 0) {
			this.failingSince = now;
		}
		this.failure = "the dead letter of " + record.topic() + "-" + record.partition() + "@" + record.offset()
				+ " was not acknowledged by " + this.topic + "; that partition's dead letters are retried from there";
		this.failures.increment();
		if (now - this.loggedNanos > LOG_INTERVAL_NANOS) {
			this.loggedNanos = now;
			logger.error("Could not dead-letter {}-{}@{} to {}, retrying until it is acknowledged: {}", record.topic(),
					record.partition(), record.offset(), this.topic,
					NestedExceptionUtils.getMostSpecificCause(cause).toString());
		}
		throw new BatchListenerFailedException("Dead letter not acknowledged", cause, index);
	}

	/**
	 * How long dead letters have failed to be acknowledged.
	 * @return the time, {@link Duration#ZERO} if they are not failing
	 */
	Duration failingFor() {
		long since = this.failingSince;
		return (since == 0) ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
	}

	@Override
	public Health health() {
		String reason = this.failure;
		// the reason as the status's description: health shows no details (they could
		// name hosts), and this names only topics and offsets
		return (this.failingSince != 0 && reason != null) ? Health.status(new Status("DOWN", reason)).build()
				: Health.up().build();
	}

	private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
		ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(this.topic, null, record.key(), record.value(),
				record.headers());
		Headers headers = deadLetter.headers();
		headers.add(REASON_HEADER, utf8(reason));
		headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, utf8(reason));
		headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(record.topic()));
		headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(record.partition()).array());
		headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(record.offset()).array());
		headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(record.timestamp()).array());
		return deadLetter;
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
