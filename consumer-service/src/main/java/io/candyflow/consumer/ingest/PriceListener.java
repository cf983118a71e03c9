package io.candyflow.consumer.ingest;

import java.util.List;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.PriceUpdateCodec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.stereotype.Component;

/**
 * The Kafka side of ingestion, on the listener container's poll thread: each poll's
 * records are decoded and validated here and handed to the {@link StoreWriter}, which
 * applies them in order while this thread fetches and decodes the next poll.
 * <p>
 * It subscribes with this replica's own group ({@link IngestTopics}) and commits nothing:
 * every start replays the topic, which is the source of truth.
 */
@Component
@EnableConfigurationProperties(IngestProperties.class)
class PriceListener {

	static final String ID = "prices";

	private final PriceUpdateCodec codec = new PriceUpdateCodec();

	private final StoreWriter writer;

	private final PriceStore store;

	private final CatchUpTracker catchUp;

	PriceListener(StoreWriter writer, PriceStore store, CatchUpTracker catchUp) {
		this.writer = writer;
		this.store = store;
		this.catchUp = catchUp;
	}

	@KafkaListener(id = ID, idIsGroup = false, groupId = "#{@ingestTopics.viewGroup()}",
			topics = "#{@ingestTopics.topic()}", batch = "true")
	void ingest(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer) throws InterruptedException {
		long start = System.nanoTime();
		if (this.writer.rewindIfFailed(consumer)) {
			// read before the rewind: these come again from where the store stopped
			return;
		}
		hand(records, this.catchUp.lag(consumer), start);
	}

	@EventListener(condition = "event.listenerId.startsWith('" + ID + "')")
	void idle(ListenerContainerIdleEvent event) throws InterruptedException {
		Consumer<?, ?> consumer = event.getConsumer();
		this.writer.rewindIfFailed(consumer);
		// An empty topic brings no poll; the idle event still lets readiness turn UP.
		if (!this.catchUp.isCaughtUp()) {
			hand(List.of(), this.catchUp.lag(consumer), System.nanoTime());
		}
	}

	private void hand(List<ConsumerRecord<byte[], byte[]>> records, long lag, long start) throws InterruptedException {
		DecodedPoll poll = this.writer.take();
		boolean handed = false;
		try {
			poll.decode(records, this.writer.epoch(), lag, start, this.codec, this.store);
			this.writer.submit(poll);
			handed = true;
		}
		finally {
			if (!handed) {
				// the pool holds as many polls as the pipeline needs: one lost here would
				// stall ingestion for good
				this.writer.giveBack(poll);
			}
		}
	}

}
