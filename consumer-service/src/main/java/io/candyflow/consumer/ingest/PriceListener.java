package io.candyflow.consumer.ingest;

import java.util.List;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.InvalidPriceUpdateException;
import io.candyflow.price.PriceUpdate;
import io.candyflow.price.PriceUpdateCodec;
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

	PriceListener(PriceStore store, DeadLetterPublisher deadLetters, CatchUpTracker catchUp) {
		this.store = store;
		this.codec = new PriceUpdateCodec();
		this.deadLetters = deadLetters;
		this.catchUp = catchUp;
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
				// judged against the record's Kafka timestamp: the same verdict on every
				// replay
				long now = (record.timestamp() >= 0) ? record.timestamp() : System.currentTimeMillis();
				update = this.codec.decode(record.value(), now);
			}
			catch (InvalidPriceUpdateException ex) {
				this.store.reject();
				this.deadLetters.publish(record, ex.getMessage());
				continue;
			}
			this.store.append(update);
		}
		this.store.publish();
		this.deadLetters.awaitSent();
		this.catchUp.check(consumer);
	}

	@EventListener(condition = "event.listenerId.startsWith('" + ID + "')")
	void idle(ListenerContainerIdleEvent event) {
		// An empty topic brings no batch; the idle event still lets readiness turn UP.
		this.catchUp.check(event.getConsumer());
	}

}
