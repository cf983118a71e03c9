package io.candyflow.consumer.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Sends records that are not valid price updates to the dead-letter topic, with the
 * reason and the original position in headers (spring-kafka's {@code kafka_dlt-*} names,
 * so its tooling reads them). Sends are asynchronous: a flood of bad records never slows
 * the good ones behind them.
 * <p>
 * Every start replays the topic, so records below the group's committed offset were
 * already dead-lettered by an earlier run and are not sent again.
 */
@Component
class DeadLetterPublisher {

	/** Header with the human-readable reason. */
	static final String REASON_HEADER = "candyflow-reason";

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterPublisher.class);

	private final KafkaTemplate<byte[], byte[]> kafkaTemplate;

	private final String topic;

	private final List<CompletableFuture<?>> pending = new ArrayList<>();

	/** Committed offset per partition when this run started; consumer thread only. */
	private Map<Integer, Long> alreadySent;

	DeadLetterPublisher(KafkaTemplate<byte[], byte[]> kafkaTemplate, IngestProperties properties) {
		this.kafkaTemplate = kafkaTemplate;
		this.topic = properties.deadLetterTopic();
	}

	/**
	 * Reads where the previous run got to; call on the consumer thread before the first
	 * record.
	 * @param consumer the listener's consumer
	 */
	void start(Consumer<?, ?> consumer) {
		if (this.alreadySent != null) {
			return;
		}
		Set<TopicPartition> assignment = consumer.assignment();
		Map<Integer, Long> committed = new HashMap<>();
		consumer.committed(assignment).forEach((partition, offset) -> {
			if (offset != null) {
				committed.put(partition.partition(), offset.offset());
			}
		});
		this.alreadySent = committed;
	}

	void publish(ConsumerRecord<byte[], byte[]> record, String reason) {
		if (this.alreadySent != null && record.offset() < this.alreadySent.getOrDefault(record.partition(), 0L)) {
			return;
		}
		ProducerRecord<byte[], byte[]> deadLetter = new ProducerRecord<>(this.topic, null, record.key(), record.value(),
				record.headers());
		Headers headers = deadLetter.headers();
		headers.add(REASON_HEADER, utf8(reason));
		headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, utf8(reason));
		headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(record.topic()));
		headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(record.partition()).array());
		headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(record.offset()).array());
		headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(record.timestamp()).array());
		this.pending.add(this.kafkaTemplate.send(deadLetter).whenComplete((result, ex) -> {
			if (ex != null) {
				logger.error("Could not dead-letter {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
						ex.getMessage());
			}
		}));
	}

	/**
	 * Waits (bounded) until the batch's dead letters are acknowledged, so that the
	 * batch's offsets, which mark them as sent, are committed after them. One wait per
	 * batch with bad records, not one per record.
	 */
	void awaitSent() {
		if (this.pending.isEmpty()) {
			return;
		}
		try {
			CompletableFuture.allOf(this.pending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.error("{} dead letters of this batch may not have been written: {}", this.pending.size(),
					ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.pending.clear();
		}
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
