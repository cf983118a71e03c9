package io.candyflow.consumer.store;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One fixed-capacity Arrow record batch of the history. Every buffer is allocated when
 * the chunk is created, so appending never moves memory under a reader.
 * <p>
 * Columns: {@code candy_id} and {@code store_id} as dictionary codes (int32),
 * {@code price_cents} (int32, exact) and {@code timestamp} (timestamp[ms, UTC]): 20 bytes
 * of data per row, plus four validity bits.
 * <p>
 * Reference counted: the history holds one reference while the chunk is part of it, and a
 * reader takes one for as long as it reads. Evicting a chunk drops the history's
 * reference; its memory goes back to the allocator when the last reader lets go, never
 * under a reader.
 */
final class HistoryChunk implements AutoCloseable {

	static final long CANDY_DICTIONARY_ID = 0;

	static final long STORE_DICTIONARY_ID = 1;

	static final Schema SCHEMA = new Schema(
			List.of(dictionaryField("candy_id", CANDY_DICTIONARY_ID), dictionaryField("store_id", STORE_DICTIONARY_ID),
					new Field("price_cents", FieldType.notNullable(new ArrowType.Int(32, true)), null),
					new Field("timestamp",
							FieldType.notNullable(
									new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, "UTC")),
							null)));

	private final VectorSchemaRoot root;

	private final IntVector candies;

	private final IntVector stores;

	private final IntVector prices;

	private final TimeStampMilliTZVector timestamps;

	private final int capacity;

	/** Rows written by the writer; only the writer reads it. */
	private int written;

	/** Rows readers may read: every value below this index is complete. */
	private volatile int published;

	/** Greatest event time written; the writer's, for retention by age. */
	private long maxTimestampMillis = Long.MIN_VALUE;

	private final AtomicInteger references = new AtomicInteger(1);

	/**
	 * Allocates a chunk of at least {@code minimumRows} rows.
	 */
	HistoryChunk(BufferAllocator allocator, int minimumRows) {
		this.root = VectorSchemaRoot.create(SCHEMA, allocator);
		try {
			this.candies = (IntVector) this.root.getVector(0);
			this.stores = (IntVector) this.root.getVector(1);
			this.prices = (IntVector) this.root.getVector(2);
			this.timestamps = (TimeStampMilliTZVector) this.root.getVector(3);
			this.candies.allocateNew(minimumRows);
			this.stores.allocateNew(minimumRows);
			this.prices.allocateNew(minimumRows);
			this.timestamps.allocateNew(minimumRows);
			// Arrow rounds each vector's allocation (validity + data) up to a power of
			// two
			// and sizes the vector to fill it; using that room instead of wasting it
			// keeps a
			// row at ~20.6 bytes instead of ~40.
			this.capacity = Math.min(Math.min(this.candies.getValueCapacity(), this.stores.getValueCapacity()),
					Math.min(this.prices.getValueCapacity(), this.timestamps.getValueCapacity()));
		}
		catch (RuntimeException | Error ex) {
			this.root.close();
			throw ex;
		}
	}

	int capacity() {
		return this.capacity;
	}

	boolean isFull() {
		return this.written == this.capacity;
	}

	/**
	 * Writes one row after the last; not visible to readers until {@link #publish()}.
	 */
	void append(int candy, int store, int priceCents, long timestampMillis) {
		int row = this.written;
		// set(), not setSafe(): the buffers are sized for the capacity and must never
		// move
		this.candies.set(row, candy);
		this.stores.set(row, store);
		this.prices.set(row, priceCents);
		this.timestamps.set(row, timestampMillis);
		this.written = row + 1;
		this.maxTimestampMillis = Math.max(this.maxTimestampMillis, timestampMillis);
	}

	long maxTimestampMillis() {
		return this.maxTimestampMillis;
	}

	/**
	 * Takes a reference for reading.
	 * @return {@code false} if the chunk was already freed, and must not be read
	 */
	boolean tryAcquire() {
		int count;
		do {
			count = this.references.get();
			if (count <= 0) {
				return false;
			}
		}
		while (!this.references.compareAndSet(count, count + 1));
		return true;
	}

	/**
	 * Gives back a reference; the last one frees the chunk's memory.
	 */
	void release() {
		if (this.references.decrementAndGet() == 0) {
			this.root.close();
		}
	}

	void publish() {
		this.published = this.written;
	}

	int rows() {
		return this.published;
	}

	int writtenRows() {
		return this.written;
	}

	int candy(int row) {
		return this.candies.get(row);
	}

	int store(int row) {
		return this.stores.get(row);
	}

	int priceCents(int row) {
		return this.prices.get(row);
	}

	long timestampMillis(int row) {
		return this.timestamps.get(row);
	}

	/**
	 * Gives back the history's reference.
	 */
	@Override
	public void close() {
		release();
	}

	private static Field dictionaryField(String name, long dictionaryId) {
		return new Field(name, new FieldType(false, new ArrowType.Int(32, true),
				new DictionaryEncoding(dictionaryId, false, new ArrowType.Int(32, true))), null);
	}

}
