package io.candyflow.consumer.ingest;

import java.util.List;

import io.candyflow.consumer.store.PriceStore;
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
 * The Kafka side of ingestion, on the listener container's poll thread: each poll's
 * records are decoded and validated here and handed to the {@link StoreWriter}, which
 * applies them in order while this thread fetches and decodes the next poll. The offsets
 * the writer is done with are committed from here ({@link StoreWriter#commit}).
 */
@Component
@EnableConfigurationProperties(IngestProperties.class)
class PriceListener {

	static final String ID = "prices";

	private final PriceUpdateCodec codec = new PriceUpdateCodec();

	private final StoreWriter writer;

	private final PriceStore store;

	private final DeadLetterPublisher deadLetters;

	private final CatchUpTracker catchUp;

	PriceListener(StoreWriter writer, PriceStore store, DeadLetterPublisher deadLetters, CatchUpTracker catchUp) {
		this.writer = writer;
		this.store = store;
		this.deadLetters = deadLetters;
		this.catchUp = catchUp;
	}

	@KafkaListener(id = ID, idIsGroup = false, batch = "true",
			topicPartitions = @TopicPartition(topic = "#{@topicPartitions.topic()}",
					partitions = "#{@topicPartitions.all()}",
					partitionOffsets = @PartitionOffset(partition = "*", initialOffset = "0")))
	void ingest(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer) throws InterruptedException {
		long start = System.nanoTime();
		this.deadLetters.start(consumer);
		if (this.writer.rewindIfFailed(consumer)) {
			// read before the rewind: these come again from where the store stopped
			return;
		}
		hand(records, this.catchUp.lag(consumer), start);
		this.writer.commit(consumer);
	}

	@EventListener(condition = "event.listenerId.startsWith('" + ID + "')")
	void idle(ListenerContainerIdleEvent event) throws InterruptedException {
		Consumer<?, ?> consumer = event.getConsumer();
		this.writer.rewindIfFailed(consumer);
		this.writer.commit(consumer);
		// An empty topic brings no poll; the idle event still lets readiness turn UP.
		if (!this.catchUp.isCaughtUp()) {
			hand(List.of(), this.catchUp.lag(consumer), System.nanoTime());
		}
	}

	private void hand(List<ConsumerRecord<byte[], byte[]>> records, long lag, long start) throws InterruptedException {
		DecodedPoll poll = this.writer.take();
		poll.decode(records, this.writer.epoch(), lag, start, this.codec, this.store);
		this.writer.submit(poll);
	}

}
