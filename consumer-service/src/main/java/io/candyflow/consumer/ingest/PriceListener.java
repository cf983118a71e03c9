package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.InvalidPriceUpdateException;
import io.candyflow.price.PriceUpdate;
import io.candyflow.price.PriceUpdateCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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

	private final Timer freshness;

	private final Timer batches;

	private final RejectionLog rejectionLog = new RejectionLog();

	/** Kafka timestamps of the batch's valid records, for freshness; reused. */
	private long[] timestamps = new long[1024];

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
		this.freshness = Timer.builder("candyflow.freshness")
			.description("From a record's Kafka timestamp to the moment it is queryable (once caught up)")
			.publishPercentileHistogram()
			.serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
					Duration.ofMillis(500))
			.register(meters);
		this.batches = Timer.builder("candyflow.ingest.batch")
			.description("Time to fold one poll's records into the store and publish them")
			.publishPercentileHistogram()
			.register(meters);
		// every reason from the start, so that dashboards and alerts see a 0, not no data
		for (String reason : InvalidPriceUpdateException.REASONS) {
			rejectedCounter(reason);
		}
	}

	@KafkaListener(id = ID, idIsGroup = false, batch = "true",
			topicPartitions = @TopicPartition(topic = "#{@topicPartitions.topic()}",
					partitions = "#{@topicPartitions.all()}",
					partitionOffsets = @PartitionOffset(partition = "*", initialOffset = "0")))
	void ingest(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer) {
		long start = System.nanoTime();
		this.deadLetters.start(consumer);
		if (this.timestamps.length < records.size()) {
			this.timestamps = new long[records.size()];
		}
		int valid = 0;
		for (ConsumerRecord<byte[], byte[]> record : records) {
			if (!this.store.markSeen(record.partition(), record.offset())) {
				continue;
			}
			PriceUpdate update;
			try {
				// "In the future" is judged against the record's Kafka timestamp,
				// so that a replay gives the same verdict as the live read; but
				// never against a Kafka timestamp ahead of this clock.
				long clock = System.currentTimeMillis();
				long now = (record.timestamp() >= 0) ? Math.min(record.timestamp(), clock) : clock;
				update = this.codec.decode(record.value(), now);
			}
			catch (InvalidPriceUpdateException ex) {
				reject(record, ex.reasonTag(), ex.getMessage());
				continue;
			}
			catch (RuntimeException ex) {
				// a record the codec could not handle at all: the record's problem, so it
				// goes where bad records go rather than holding up the partition
				reject(record, "document", "could not be decoded: " + ex);
				continue;
			}
			boolean applied = false;
			try {
				this.store.append(update);
				applied = true;
			}
			finally {
				if (!applied) {
					// A failure of the consumer, not of the record: the error handler
					// redelivers the batch (IngestConfiguration), and this record must
					// not
					// be skipped as seen then.
					this.store.forget(record.partition(), record.offset());
				}
			}
			this.timestamps[valid++] = record.timestamp();
		}
		this.store.publish();
		this.ingested.increment(valid);
		if (this.catchUp.isCaughtUp()) {
			// replayed history would only say how old the topic is, not how fresh
			// answers are
			long queryable = System.currentTimeMillis();
			for (int i = 0; i < valid; i++) {
				this.freshness.record(Math.max(0, queryable - this.timestamps[i]), TimeUnit.MILLISECONDS);
			}
		}
		this.deadLetters.awaitSent();
		this.catchUp.check(consumer, records.size(), start);
		this.batches.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
	}

	private void reject(ConsumerRecord<byte[], byte[]> record, String reason, String message) {
		this.store.reject();
		rejectedCounter(reason).increment();
		this.rejectionLog.rejected(reason, record, message);
		this.deadLetters.publish(record, message);
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
		this.catchUp.check(event.getConsumer(), 0, System.nanoTime());
	}

}
