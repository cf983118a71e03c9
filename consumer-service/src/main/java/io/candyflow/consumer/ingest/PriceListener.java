package io.candyflow.consumer.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.InvalidPriceUpdateException;
import io.candyflow.price.PriceUpdate;
import io.candyflow.price.PriceUpdateCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.stereotype.Component;

/**
 * The store's single writer: each poll's records are decoded, validated and appended,
 * then published to readers in one step.
 */
@Component
@EnableConfigurationProperties(IngestProperties.class)
class PriceListener {

	static final String ID = "prices";

	private final PriceStore store;

	private final PriceUpdateCodec codec;

	private final DeadLetterPublisher deadLetters;

	private final CatchUpTracker catchUp;

	private final Counter ingested;

	private final MeterRegistry meters;

	/** One counter per rejection reason; the reasons are a handful of field names. */
	private final Map<String, Counter> rejected = new HashMap<>();

	PriceListener(PriceStore store, DeadLetterPublisher deadLetters, CatchUpTracker catchUp, MeterRegistry meters) {
		this.store = store;
		this.codec = new PriceUpdateCodec();
		this.deadLetters = deadLetters;
		this.catchUp = catchUp;
		this.meters = meters;
		this.ingested = Counter.builder("candyflow.ingest.records")
			.description("Valid price updates appended to the store")
			.register(meters);
	}

	@KafkaListener(id = ID, idIsGroup = false, batch = "true",
			topicPartitions = @TopicPartition(topic = "#{@topicPartitions.topic()}",
					partitions = "#{@topicPartitions.all()}",
					partitionOffsets = @PartitionOffset(partition = "*", initialOffset = "0")))
	void ingest(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer) {
		this.deadLetters.start(consumer);
		for (ConsumerRecord<byte[], byte[]> record : records) {
			if (!this.store.markSeen(record.partition(), record.offset())) {
				continue;
			}
			PriceUpdate update;
			try {
				// "In the future" is judged against the record's Kafka timestamp, so that a
				// replay gives the same verdict as the live read; but never against a Kafka
				// timestamp that is itself ahead of this clock.
				long clock = System.currentTimeMillis();
				long now = (record.timestamp() >= 0) ? Math.min(record.timestamp(), clock) : clock;
				update = this.codec.decode(record.value(), now);
			}
			catch (InvalidPriceUpdateException ex) {
				this.store.reject();
				rejectedCounter(ex.reasonTag()).increment();
				this.deadLetters.publish(record, ex.getMessage());
				continue;
			}
			this.store.append(update);
			this.ingested.increment();
		}
		this.store.publish();
		this.deadLetters.awaitSent();
		this.catchUp.check(consumer);
	}

	private Counter rejectedCounter(String reason) {
		return this.rejected.computeIfAbsent(reason,
				(tag) -> Counter.builder("candyflow.ingest.rejected")
					.description("Records that were not valid price updates, sent to the dead-letter topic")
					.tag("reason", tag)
					.register(this.meters));
	}

	@EventListener(condition = "event.listenerId.startsWith('" + ID + "')")
	void idle(ListenerContainerIdleEvent event) {
		// An empty topic brings no batch; the idle event still lets readiness turn UP.
		this.catchUp.check(event.getConsumer());
	}

}
