package io.candyflow.producer.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.candyflow.price.PriceUpdate;
import io.candyflow.price.PriceUpdateCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends price updates to the price topic, keyed by candy so that all updates of one candy
 * stay in order on one partition.
 */
@Component
public class PricePublisher {

	private final KafkaTemplate<String, byte[]> kafkaTemplate;

	private final PriceUpdateCodec codec;

	private final PublishProperties properties;

	private final KafkaStatus status;

	private final Counter published;

	private final Counter failed;

	PricePublisher(KafkaTemplate<String, byte[]> kafkaTemplate, PriceUpdateCodec codec, PublishProperties properties,
			KafkaStatus status, MeterRegistry meters) {
		this.kafkaTemplate = kafkaTemplate;
		this.codec = codec;
		this.properties = properties;
		this.status = status;
		this.published = Counter.builder("candyflow.producer.published")
			.description("Price updates Kafka acknowledged (POST /prices and the simulator)")
			.register(meters);
		this.failed = Counter.builder("candyflow.producer.failed")
			.description("Price updates Kafka did not acknowledge")
			.register(meters);
	}

	/**
	 * Sends every update and waits until Kafka acknowledged all of them (acks=all on an
	 * idempotent producer).
	 * @param updates valid updates
	 * @return how many were acknowledged, all of them
	 * @throws KafkaUnavailableException if Kafka did not acknowledge them all in time;
	 * some may have been written, so a client should retry the whole batch (a repeated
	 * update is harmless: it carries the same price and timestamp)
	 */
	public int publishAndWait(List<PriceUpdate> updates) {
		long deadline = System.nanoTime() + this.properties.timeout().toNanos();
		List<CompletableFuture<?>> sends = new ArrayList<>(updates.size());
		try {
			for (PriceUpdate update : updates) {
				// Without topic metadata every send blocks up to max.block.ms and fails:
				// stop at the first failure or when time is up, not after every item.
				CompletableFuture<?> sent = send(update);
				if (sent.isCompletedExceptionally() || System.nanoTime() > deadline) {
					sent.get(0, TimeUnit.NANOSECONDS);
					throw new TimeoutException("Deadline passed while sending");
				}
				sends.add(sent);
			}
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			return updates.size();
		}
		catch (KafkaException | org.apache.kafka.common.KafkaException | ExecutionException | TimeoutException ex) {
			// The Kafka client's own exceptions (a producer that cannot be made yet) are
			// an outage too. The sends that failed are recorded already; one still
			// pending when time is up has not failed yet, but the client gets a 503.
			this.status.sendFailed("Kafka did not acknowledge the last request within "
					+ this.properties.timeout().toSeconds() + " s");
			throw new KafkaUnavailableException("Kafka did not acknowledge the price updates within "
					+ this.properties.timeout().toSeconds() + " s; retry later", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaUnavailableException("Interrupted while waiting for Kafka", ex);
		}
	}

	/**
	 * Sends one update without waiting. Its outcome feeds the {@code kafka} health
	 * component, whoever sends: {@code POST /prices} or the simulator.
	 * @param update a valid update
	 * @return completes when Kafka acknowledged it
	 */
	public CompletableFuture<?> send(PriceUpdate update) {
		try {
			return this.kafkaTemplate.send(this.properties.topic(), update.candyId(), this.codec.encode(update))
				.whenComplete(this::sent);
		}
		catch (RuntimeException ex) {
			this.failed.increment();
			this.status.sendFailed("A send failed: " + rootMessage(ex));
			throw ex;
		}
	}

	private void sent(Object result, Throwable ex) {
		if (ex == null) {
			this.published.increment();
			this.status.sendSucceeded();
		}
		else {
			this.failed.increment();
			this.status.sendFailed("A send failed: " + rootMessage(ex));
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getMessage();
	}

}
