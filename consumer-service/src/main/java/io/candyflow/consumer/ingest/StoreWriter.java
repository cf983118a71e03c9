package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.InvalidPriceUpdateException;
import io.candyflow.price.PriceUpdate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The store's single writer, on a thread of its own: it takes decoded polls from the
 * Kafka poll thread through a bounded queue and applies each in order (replay check,
 * append or rejection), then publishes it to readers in one step. While it applies one
 * poll, the poll thread fetches and decodes the next: a replay keeps both cores busy.
 * Rejected records are counted and logged here; the {@link DeadLetterRouter} sends them
 * to the dead-letter topic.
 * <p>
 * A failure of the consumer itself (an append that throws) loses nothing: the failed
 * record's replay mark is taken back, the writer drops the polls queued behind it and
 * asks the poll thread to rewind ({@link #rewindIfFailed}): every partition is sought
 * back to the first offset the store has not applied, and the polls read before that (an
 * older epoch) are dropped unseen. The writer backs off, as the error handler would, and
 * the records are read again; what was applied is skipped as a replay. How long it has
 * been failing is what the {@code ingest} health component reports ({@link #stall}).
 */
@Component
class StoreWriter implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(StoreWriter.class);

	private static final long MIN_BACKOFF_MILLIS = 50;

	private static final long MAX_BACKOFF_MILLIS = 5000;

	private final PriceStore store;

	private final CatchUpTracker catchUp;

	private final BlockingQueue<DecodedPoll> queued;

	/**
	 * Polls not in use: the poll thread takes one to decode into, the writer gives it
	 * back.
	 */
	private final BlockingQueue<DecodedPoll> free;

	private final Counter ingested;

	private final Timer freshness;

	private final Timer batches;

	private final Counter retries;

	private final MeterRegistry meters;

	/** One counter per rejection reason; the reasons are a handful of field names. */
	private final Map<String, Counter> rejected = new HashMap<>();

	private final RejectionLog rejectionLog = new RejectionLog();

	/** Kafka timestamps of the poll's valid records, for freshness; writer only. */
	private long[] timestamps = new long[1024];

	/** Bumped by the poll thread when it rewinds: polls of an older epoch are dropped. */
	private volatile int epoch;

	/** Set by the writer when an append failed, until the poll thread has rewound. */
	private volatile boolean rewind;

	private long backoffMillis;

	/**
	 * Since when polls fail to apply ({@link System#nanoTime()}); 0 while they do not.
	 */
	private volatile long failingSince;

	/** Since when the writer applies the poll it holds; 0 while it waits for one. */
	private volatile long applyingSince;

	private final Thread thread;

	StoreWriter(PriceStore store, CatchUpTracker catchUp, MeterRegistry meters, IngestProperties properties) {
		this.store = store;
		this.catchUp = catchUp;
		this.meters = meters;
		int queuedPolls = properties.queuedPolls();
		this.queued = new ArrayBlockingQueue<>(queuedPolls);
		// one being decoded, the queued ones, one being applied
		this.free = new ArrayBlockingQueue<>(queuedPolls + 2);
		for (int i = 0; i < queuedPolls + 2; i++) {
			this.free.add(new DecodedPoll());
		}
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
		this.retries = Counter.builder("candyflow.ingest.retries")
			.description("Polls the store's writer could not apply and read again (a failure of the consumer)")
			.register(meters);
		// every reason from the start, so that dashboards and alerts see a 0, not no data
		for (String reason : InvalidPriceUpdateException.REASONS) {
			rejectedCounter(reason);
		}
		this.thread = new Thread(this::run, "candyflow-writer");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * A poll to decode into; blocks while the writer is that far behind. Poll thread.
	 * @return the poll, to be given to {@link #submit}
	 * @throws InterruptedException if interrupted while waiting
	 */
	DecodedPoll take() throws InterruptedException {
		return this.free.take();
	}

	/**
	 * Queues a decoded poll for the writer; blocks while the queue is full. Poll thread.
	 * @param poll the poll from {@link #take()}
	 * @throws InterruptedException if interrupted while waiting
	 */
	void submit(DecodedPoll poll) throws InterruptedException {
		this.queued.put(poll);
	}

	/**
	 * Runs work on the writer's thread after the polls queued so far, and waits for it:
	 * what a rebalance does to the store (sharded mode), in order with the records read
	 * before it, and before the poll thread decodes records with the store's new codes.
	 * Poll thread.
	 * @param work what to do
	 * @throws InterruptedException if interrupted while waiting
	 */
	void runInTurn(Runnable work) throws InterruptedException {
		FutureTask<Void> task = new FutureTask<>(work, null);
		DecodedPoll poll = take();
		poll.carry(task);
		submit(poll);
		try {
			task.get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("The store's writer could not apply a rebalance", ex.getCause());
		}
	}

	/**
	 * Gives back a poll taken with {@link #take()} that could not be submitted. Poll
	 * thread.
	 * @param poll the poll
	 */
	void giveBack(DecodedPoll poll) {
		poll.clear();
		this.free.add(poll);
	}

	/**
	 * The epoch the poll thread reads in.
	 * @return the epoch
	 */
	int epoch() {
		return this.epoch;
	}

	/**
	 * After a failed append, seeks every partition back to the first offset the store has
	 * not applied and starts a new epoch, so that the polls read before are dropped. Poll
	 * thread.
	 * @param consumer the listener's consumer
	 * @return {@code true} if it rewound: whatever the poll thread holds was read before,
	 * and must be dropped
	 */
	boolean rewindIfFailed(Consumer<?, ?> consumer) {
		if (!this.rewind) {
			return false;
		}
		// the writer applies nothing until the rewind is done, so its positions hold
		// still
		for (TopicPartition partition : consumer.assignment()) {
			consumer.seek(partition, this.store.nextOffset(partition.partition()));
		}
		this.epoch++;
		this.rewind = false;
		return true;
	}

	private void run() {
		while (!Thread.currentThread().isInterrupted()) {
			DecodedPoll poll;
			try {
				poll = this.queued.take();
			}
			catch (InterruptedException ex) {
				return;
			}
			if (poll.task() != null) {
				// not subject to the epoch: a rebalance happens whatever was read before
				poll.task().run();
				poll.clear();
				this.free.add(poll);
				continue;
			}
			try {
				if (!this.rewind && poll.epoch() == this.epoch) {
					this.applyingSince = System.nanoTime();
					apply(poll);
					if (poll.size() > 0) {
						// an empty poll (an idle one, for readiness) proves nothing: the
						// records that failed may still be waiting
						this.backoffMillis = 0;
						this.failingSince = 0;
					}
				}
			}
			catch (Throwable ex) {
				if (this.failingSince == 0) {
					this.failingSince = System.nanoTime();
				}
				failed(ex);
			}
			finally {
				this.applyingSince = 0;
				poll.clear();
				this.free.add(poll);
			}
		}
	}

	/**
	 * Applies one poll's records in order and publishes them.
	 */
	private void apply(DecodedPoll poll) {
		long start = System.nanoTime();
		int size = poll.size();
		if (this.timestamps.length < size) {
			this.timestamps = new long[size];
		}
		int valid = 0;
		for (int i = 0; i < size; i++) {
			if (this.store.markSeen(poll.partition(i), poll.offset(i)) && apply(poll, i)) {
				this.timestamps[valid++] = poll.kafkaTimestamp(i);
			}
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
		this.catchUp.applied(size, poll.lag(), poll.startNanos());
		if (size > 0) {
			this.batches.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Appends a record the poll thread decoded, or rejects it. The common case reads only
	 * the poll's columns, not the record.
	 * @return whether it was a valid update
	 */
	private boolean apply(DecodedPoll poll, int index) {
		byte kind = poll.kind(index);
		String problem = poll.problem(index);
		if (problem != null) {
			reject(poll.records().get(index), poll.reasonTag(index), problem);
			return false;
		}
		boolean applied = false;
		try {
			if (kind == DecodedPoll.SCANNED) {
				this.store.append(poll.candy(index), poll.store(index), poll.priceCents(index),
						poll.timestampMillis(index));
			}
			else if (kind == DecodedPoll.SCANNED_NEW) {
				this.store.append(poll.raw(index));
			}
			else if (kind == DecodedPoll.DECODED) {
				this.store.append((PriceUpdate) poll.result(index));
			}
			else {
				ConsumerRecord<byte[], byte[]> record = poll.records().get(index);
				throw new IllegalStateException(
						"Could not decode " + record.topic() + "-" + record.partition() + "@" + record.offset(),
						(Throwable) poll.result(index));
			}
			applied = true;
		}
		finally {
			if (!applied) {
				// A failure of the consumer, not of the record: it is read again after
				// the rewind, and must not be skipped as seen then.
				this.store.forget(poll.partition(index), poll.offset(index));
			}
		}
		return true;
	}

	private void failed(Throwable ex) {
		try {
			// what the store applied so far stays applied; the rest is read again
			this.store.publish();
		}
		catch (RuntimeException ex2) {
			// then the next poll's publish shows it
			ex.addSuppressed(ex2);
		}
		this.retries.increment();
		this.rewind = true;
		this.backoffMillis = Math.min(MAX_BACKOFF_MILLIS,
				(this.backoffMillis == 0) ? MIN_BACKOFF_MILLIS : this.backoffMillis * 3 / 2);
		logger.warn("Could not apply a poll; reading it again in {} ms: {}", this.backoffMillis, ex.toString());
		try {
			Thread.sleep(this.backoffMillis);
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private void reject(ConsumerRecord<byte[], byte[]> record, String reason, String message) {
		this.store.reject();
		rejectedCounter(reason).increment();
		this.rejectionLog.rejected(reason, record, message);
	}

	private Counter rejectedCounter(String reason) {
		return this.rejected.computeIfAbsent(reason,
				(tag) -> Counter.builder("candyflow.ingest.rejected")
					.description("Records that were not valid price updates, sent to the dead-letter topic")
					.tag("reason", tag)
					.register(this.meters));
	}

	/**
	 * Whether the writer is stuck with records waiting: polls have failed to apply (and
	 * are read again) for longer than the timeout, or one poll has been applying that
	 * long. Any thread.
	 * @param timeout how long counts as stuck
	 * @return what is stuck, or {@code null} if nothing is
	 */
	String stall(Duration timeout) {
		long now = System.nanoTime();
		long failing = this.failingSince;
		if (failing != 0 && now - failing > timeout.toNanos()) {
			return "no poll could be applied for " + TimeUnit.NANOSECONDS.toSeconds(now - failing)
					+ " s; it is read again, at least every " + MAX_BACKOFF_MILLIS / 1000
					+ " s (the log says why it fails)";
		}
		long applying = this.applyingSince;
		if (applying != 0 && now - applying > timeout.toNanos()) {
			return "one poll has been applying for " + TimeUnit.NANOSECONDS.toSeconds(now - applying) + " s";
		}
		return null;
	}

	@Override
	public void destroy() {
		this.thread.interrupt();
	}

}
