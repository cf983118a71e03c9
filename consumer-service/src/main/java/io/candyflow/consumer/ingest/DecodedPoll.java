package io.candyflow.consumer.ingest;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.FutureTask;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.InvalidPriceUpdateException;
import io.candyflow.price.PriceUpdateCodec;
import io.candyflow.price.RawPriceUpdate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One poll's records and, per record, what decoding them gave, on their way from the
 * Kafka poll thread (which decodes them) to the store's writer (which applies them in
 * order). Decoding is pure: it reads the record and writes the record's slot; everything
 * that changes state (the replay mark, the append, a rejection) is the writer's.
 * <p>
 * Reused from poll to poll, so that a record costs no object here: a record of the common
 * shape is read by the scanner into primitive columns (its position, its Kafka timestamp,
 * the codes of its ids, cents, millis), which the writer reads in one pass without
 * touching the record again; the ids' codes are found in the store's dictionaries here,
 * ahead of the writer, and only an id the store did not know at its last publish leaves
 * the record's reading behind for the writer to look up ({@link #raw(int)}). Another
 * shape (Jackson's path) or a rejection leaves an object. Handed between the two threads
 * through {@link StoreWriter}'s queues, which order every access.
 */
final class DecodedPoll {

	/**
	 * The record was read by the scanner and its ids found: {@link #candy(int)},
	 * {@link #store(int)}, {@link #priceCents(int)}, {@link #timestampMillis(int)}.
	 */
	static final byte SCANNED = 1;

	/**
	 * The record was read by the scanner, with an id the store did not know yet:
	 * {@link #raw(int)}.
	 */
	static final byte SCANNED_NEW = 6;

	/** The record was read by Jackson's path: {@link #result(int)} is the update. */
	static final byte DECODED = 2;

	/** The record broke a rule: {@link #result(int)} is the exception. */
	static final byte INVALID = 3;

	/**
	 * The codec could not handle the record at all: {@link #result(int)} is the error.
	 */
	static final byte FAILED = 4;

	/**
	 * Decoding failed for a reason that is not the record's (an {@link Error}, such as
	 * running out of memory): {@link #result(int)} is the error, and the poll must be
	 * retried, as if the writer had failed.
	 */
	static final byte BROKEN = 5;

	private final RawPriceUpdate scratch = new RawPriceUpdate();

	private byte[] kinds = new byte[0];

	private int[] partitions = new int[0];

	private long[] offsets = new long[0];

	private long[] kafkaTimestamps = new long[0];

	private int[] candies = new int[0];

	private int[] stores = new int[0];

	private long[] cents = new long[0];

	private long[] millis = new long[0];

	private Object[] results = new Object[0];

	private List<ConsumerRecord<byte[], byte[]>> records = List.of();

	private int size;

	private String topic;

	private int epoch;

	private long lag;

	private long startNanos;

	private FutureTask<?> task;

	/**
	 * Takes a poll and decodes all of its records.
	 * @param records the poll's records
	 * @param epoch the writer's epoch the poll was read in ({@link StoreWriter})
	 * @param lag how far the consumer was behind the topic's end after this poll, -1 if
	 * unknown
	 * @param startNanos when the poll arrived
	 * @param codec the codec
	 * @param store the store, whose dictionaries give the ids' codes
	 */
	void decode(List<ConsumerRecord<byte[], byte[]>> records, int epoch, long lag, long startNanos,
			PriceUpdateCodec codec, PriceStore store) {
		int size = records.size();
		if (this.kinds.length < size) {
			int capacity = Math.max(size, this.kinds.length * 2);
			this.kinds = new byte[capacity];
			this.results = new Object[capacity];
			this.partitions = new int[capacity];
			this.offsets = new long[capacity];
			this.kafkaTimestamps = new long[capacity];
			this.candies = new int[capacity];
			this.stores = new int[capacity];
			this.cents = new long[capacity];
			this.millis = new long[capacity];
		}
		this.records = records;
		this.size = size;
		this.topic = (size > 0) ? records.get(0).topic() : null;
		this.epoch = epoch;
		this.lag = lag;
		this.startNanos = startNanos;
		long clock = System.currentTimeMillis();
		for (int i = 0; i < size; i++) {
			ConsumerRecord<byte[], byte[]> record = records.get(i);
			this.partitions[i] = record.partition();
			this.offsets[i] = record.offset();
			this.kafkaTimestamps[i] = record.timestamp();
			decode(i, record, clock, codec, store);
		}
		// The writer needs the records themselves only to dead-letter one. Without one,
		// they are let go now, before they wait in the queue: a young collection during a
		// replay then has polls of columns to copy, not tens of thousands of records.
		boolean keep = false;
		for (int i = 0; i < size && !keep; i++) {
			keep = this.kinds[i] == INVALID || this.kinds[i] == FAILED || this.kinds[i] == BROKEN;
		}
		if (!keep) {
			this.records = null;
		}
	}

	private void decode(int index, ConsumerRecord<byte[], byte[]> record, long clock, PriceUpdateCodec codec,
			PriceStore store) {
		// "In the future" is judged against the record's Kafka timestamp, so that a
		// replay gives the same verdict as the live read; but never against a Kafka
		// timestamp ahead of this clock.
		long now = (record.timestamp() >= 0) ? Math.min(record.timestamp(), clock) : clock;
		byte[] value = record.value();
		RawPriceUpdate raw = this.scratch;
		if (codec.scan(value, now, raw)) {
			int candy = store.candyCode(value, raw.candyIdOffset(), raw.candyIdLength(), raw.candyIdHash());
			int shop = store.storeCode(value, raw.storeIdOffset(), raw.storeIdLength(), raw.storeIdHash());
			if (candy >= 0 && shop >= 0) {
				this.candies[index] = candy;
				this.stores[index] = shop;
				this.cents[index] = raw.priceCents();
				this.millis[index] = raw.timestampMillis();
				this.kinds[index] = SCANNED;
			}
			else {
				// rare (an id's first appearance): the writer adds it
				RawPriceUpdate copy = new RawPriceUpdate();
				codec.scan(value, now, copy);
				this.results[index] = copy;
				this.kinds[index] = SCANNED_NEW;
			}
			return;
		}
		try {
			this.results[index] = codec.decode(value, now);
			this.kinds[index] = DECODED;
		}
		catch (InvalidPriceUpdateException ex) {
			this.results[index] = ex;
			this.kinds[index] = INVALID;
		}
		catch (RuntimeException ex) {
			// the record's problem, not the consumer's: it goes where bad records go
			this.results[index] = ex;
			this.kinds[index] = FAILED;
		}
		catch (Error ex) {
			this.results[index] = ex;
			this.kinds[index] = BROKEN;
		}
	}

	/**
	 * Lets go of the poll's records, so that a pooled poll holds nothing.
	 */
	void clear() {
		Arrays.fill(this.results, 0, this.size, null);
		this.records = List.of();
		this.size = 0;
		this.task = null;
	}

	/**
	 * Makes this an empty poll that carries work for the writer, done in its turn.
	 * @param task the work
	 */
	void carry(FutureTask<?> task) {
		this.size = 0;
		this.task = task;
	}

	/**
	 * The work this poll carries, {@code null} for a poll of records.
	 * @return the work
	 */
	FutureTask<?> task() {
		return this.task;
	}

	/**
	 * The poll's records, kept only if one of them is to be dead-lettered.
	 * @return the records, or {@code null} if every record decoded
	 */
	List<ConsumerRecord<byte[], byte[]>> records() {
		return this.records;
	}

	byte kind(int index) {
		return this.kinds[index];
	}

	/**
	 * Why the record is not a valid update: the one text the rejection's log line and the
	 * dead letter's reason header give.
	 * @param index the record
	 * @return the reason, or {@code null} if the record is not to be dead-lettered
	 */
	String problem(int index) {
		return switch (this.kinds[index]) {
			case INVALID -> this.results[index] instanceof InvalidPriceUpdateException ex ? ex.getMessage() : null;
			// the codec could not handle it at all: the record's problem, so it goes
			// where bad records go rather than holding up the partition
			case FAILED -> "could not be decoded: " + this.results[index];
			default -> null;
		};
	}

	/**
	 * The {@code reason} tag of a rejection: a field name, or {@code document}.
	 * @param index a record with a {@link #problem}
	 * @return the tag
	 */
	String reasonTag(int index) {
		return (this.kinds[index] == INVALID) ? ((InvalidPriceUpdateException) this.results[index]).reasonTag()
				: "document";
	}

	RawPriceUpdate raw(int index) {
		return (RawPriceUpdate) this.results[index];
	}

	int partition(int index) {
		return this.partitions[index];
	}

	long offset(int index) {
		return this.offsets[index];
	}

	long kafkaTimestamp(int index) {
		return this.kafkaTimestamps[index];
	}

	int candy(int index) {
		return this.candies[index];
	}

	int store(int index) {
		return this.stores[index];
	}

	long priceCents(int index) {
		return this.cents[index];
	}

	long timestampMillis(int index) {
		return this.millis[index];
	}

	/**
	 * The topic the poll's records are from.
	 * @return the topic, {@code null} for an empty poll
	 */
	String topic() {
		return this.topic;
	}

	int size() {
		return this.size;
	}

	Object result(int index) {
		return this.results[index];
	}

	int epoch() {
		return this.epoch;
	}

	long lag() {
		return this.lag;
	}

	long startNanos() {
		return this.startNanos;
	}

}
