package io.candyflow.consumer.store;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
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

	/** Where each column's values start: the writer writes them there directly. */
	private final long candyAddress;

	private final long storeAddress;

	private final long priceAddress;

	private final long timestampAddress;

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
			// two and sizes the vector to fill it; using that room instead of wasting it
			// keeps a row at ~20.6 bytes instead of ~40.
			this.capacity = Math.min(Math.min(this.candies.getValueCapacity(), this.stores.getValueCapacity()),
					Math.min(this.prices.getValueCapacity(), this.timestamps.getValueCapacity()));
			// Every row is valid (no column is nullable): the validity bits are set once,
			// for the whole chunk, and an append only writes the four values, straight to
			// memory. Readers never look past the published rows.
			for (int i = 0; i < 4; i++) {
				FieldVector vector = this.root.getVector(i);
				MemoryUtil.setMemory(vector.getValidityBufferAddress(), vector.getValidityBuffer().capacity(),
						(byte) 0xFF);
			}
			this.candyAddress = this.candies.getDataBufferAddress();
			this.storeAddress = this.stores.getDataBufferAddress();
			this.priceAddress = this.prices.getDataBufferAddress();
			this.timestampAddress = this.timestamps.getDataBufferAddress();
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
		if (row >= this.capacity) {
			throw new IllegalStateException("Chunk full");
		}
		// straight to the buffers, which are sized for the capacity and never move: no
		// bounds or reference-count check per value (they were a tenth of a replay)
		MemoryUtil.putInt(this.candyAddress + 4L * row, candy);
		MemoryUtil.putInt(this.storeAddress + 4L * row, store);
		MemoryUtil.putInt(this.priceAddress + 4L * row, priceCents);
		MemoryUtil.putLong(this.timestampAddress + 8L * row, timestampMillis);
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
	 * Whether a reader holds the chunk besides the store: evicted now, its memory would
	 * come back only when that reader lets go.
	 * @return {@code true} while a reader holds it
	 */
	boolean isHeld() {
		return this.references.get() > 1;
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

	/**
	 * A column's validity bitmap, for readers that share the buffers (see
	 * {@link StoreSnapshot}).
	 */
	ArrowBuf validityBuffer(int column) {
		return ((BaseFixedWidthVector) this.root.getVector(column)).getValidityBuffer();
	}

	/**
	 * A column's values, for readers that share the buffers (see {@link StoreSnapshot}).
	 */
	ArrowBuf dataBuffer(int column) {
		return ((BaseFixedWidthVector) this.root.getVector(column)).getDataBuffer();
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
