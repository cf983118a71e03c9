package io.candyflow.consumer.store;

import java.util.List;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;

/**
 * One published state of the store, for readers that hand the history's Arrow buffers to
 * someone else (SQL): the chunks of the history with their published row counts, the id
 * dictionaries, and the current offers, all from the same {@link PriceStore#publish()}.
 * <p>
 * Every chunk in it is referenced until {@link #close()}, so eviction cannot free its
 * memory meanwhile. Its buffers are the chunk's own, never copied; the first
 * {@link #rows(int)} rows of each are complete and never change, the rest belong to the
 * writer.
 */
public final class StoreSnapshot implements AutoCloseable {

	/** Column of the candy's dictionary code (int32). */
	public static final int CANDY = 0;

	/** Column of the store's dictionary code (int32). */
	public static final int STORE = 1;

	/** Column of the price in cents (int32). */
	public static final int PRICE_CENTS = 2;

	/** Column of the event time (timestamp[ms, UTC], int64). */
	public static final int TIMESTAMP_MILLIS = 3;

	private final HistoryChunk[] chunks;

	private final int[] rows;

	private final String[] candyIds;

	private final String[] storeIds;

	private final List<Offer> offers;

	private boolean closed;

	StoreSnapshot(HistoryChunk[] chunks, int[] rows, String[] candyIds, String[] storeIds, List<Offer> offers) {
		this.chunks = chunks;
		this.rows = rows;
		this.candyIds = candyIds;
		this.storeIds = storeIds;
		this.offers = offers;
	}

	/**
	 * The number of history chunks, oldest first.
	 * @return the count
	 */
	public int chunks() {
		return this.chunks.length;
	}

	/**
	 * The published rows of a chunk.
	 * @param chunk the chunk's index
	 * @return its row count
	 */
	public int rows(int chunk) {
		return this.rows[chunk];
	}

	/**
	 * The history rows of this state.
	 * @return the sum of every chunk's rows
	 */
	public long historyRows() {
		long sum = 0;
		for (int count : this.rows) {
			sum += count;
		}
		return sum;
	}

	/**
	 * A column's validity bitmap in a chunk (every published row is valid).
	 * @param chunk the chunk's index
	 * @param column {@link #CANDY}, {@link #STORE}, {@link #PRICE_CENTS} or
	 * {@link #TIMESTAMP_MILLIS}
	 * @return the chunk's own buffer, not to be written
	 */
	public ArrowBuf validity(int chunk, int column) {
		return this.chunks[chunk].validityBuffer(column);
	}

	/**
	 * A column's values in a chunk.
	 * @param chunk the chunk's index
	 * @param column {@link #CANDY}, {@link #STORE}, {@link #PRICE_CENTS} or
	 * {@link #TIMESTAMP_MILLIS}
	 * @return the chunk's own buffer, not to be written
	 */
	public ArrowBuf data(int chunk, int column) {
		return this.chunks[chunk].dataBuffer(column);
	}

	/**
	 * A dictionary as an Arrow vector, built anew (the dictionaries are on the heap).
	 * @param column {@link #CANDY} or {@link #STORE}
	 * @param allocator where the vector's memory comes from
	 * @return the vector of the ids in code order, to be closed
	 */
	public VarCharVector dictionary(int column, BufferAllocator allocator) {
		return (column == CANDY) ? HistoryExporter.dictionary("candy_id", this.candyIds, allocator)
				: HistoryExporter.dictionary("store_id", this.storeIds, allocator);
	}

	/**
	 * The current offers of this state, by candy.
	 * @return the offers
	 */
	public List<Offer> offers() {
		return this.offers;
	}

	/**
	 * Lets go of the chunks; their memory goes back to the allocator if they were evicted
	 * meanwhile and nobody else reads them.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		for (HistoryChunk chunk : this.chunks) {
			chunk.release();
		}
	}

}
