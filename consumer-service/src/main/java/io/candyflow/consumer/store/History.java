package io.candyflow.consumer.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;

/**
 * The append-only history: a list of {@link HistoryChunk}s, each a fixed-size Arrow
 * record batch, with candy and store ids dictionary-encoded.
 * <p>
 * The writer appends to the last chunk and opens a new one when it is full. Readers see
 * the chunk array as it was last published and, in each chunk, the rows published in it;
 * they hold a reference to a chunk while they read it, so eviction never frees memory
 * under them. Retention drops whole chunks, oldest first: by row count, by age, and
 * whenever a new chunk would not fit under the allocator's limit.
 */
final class History implements AutoCloseable {

	private final BufferAllocator allocator;

	private final int chunkRows;

	private final Retention retention;

	private final StringDictionary candies;

	private final StringDictionary stores;

	/** The writer's chunks, oldest first; the last one is being filled. */
	private HistoryChunk[] chunks = new HistoryChunk[0];

	/** What readers see. */
	private volatile HistoryChunk[] published = this.chunks;

	/** Rows in the writer's chunks. */
	private long rows;

	private long publishedRows;

	private long evictedRows;

	private long droppedRows;

	History(BufferAllocator allocator, int chunkRows, Retention retention, StringDictionary candies,
			StringDictionary stores) {
		this.allocator = allocator;
		this.candies = candies;
		this.stores = stores;
		this.chunkRows = chunkRows;
		this.retention = retention;
	}

	/**
	 * Appends a row, opening a chunk if needed.
	 * @param candy the candy's code in the candy dictionary
	 * @param store the store's code in the store dictionary
	 * @return {@code false} if no memory could be found for it even after dropping all
	 * older history: the row is then counted as dropped, and ingestion goes on
	 */
	boolean append(int candy, int store, int priceCents, long timestampMillis) {
		HistoryChunk last = (this.chunks.length > 0) ? this.chunks[this.chunks.length - 1] : null;
		if (last == null || last.isFull()) {
			last = openChunk();
			if (last == null) {
				this.droppedRows++;
				return false;
			}
		}
		last.append(candy, store, priceCents, timestampMillis);
		this.rows++;
		return true;
	}

	/**
	 * Applies retention, then makes every appended row visible to readers.
	 * @param nowMillis the current time, for retention by age
	 */
	void publish(long nowMillis) {
		while (this.rows > this.retention.maxRows() && this.chunks.length > 1) {
			evictOldest();
		}
		if (this.retention.limitsAge()) {
			long cutoff = nowMillis - this.retention.maxAge().toMillis();
			while (this.chunks.length > 1 && this.chunks[0].isFull() && this.chunks[0].maxTimestampMillis() < cutoff) {
				evictOldest();
			}
		}
		for (HistoryChunk chunk : this.chunks) {
			chunk.publish();
		}
		this.publishedRows = this.rows;
		this.published = this.chunks;
	}

	private HistoryChunk openChunk() {
		long chunkBytes = (this.chunks.length > 0) ? this.allocator.getAllocatedMemory() / this.chunks.length : 0;
		// Make room under the memory limit before asking for it: memory of an evicted
		// chunk comes back at once unless a reader still holds it.
		while (this.chunks.length > 0 && this.allocator.getHeadroom() < chunkBytes) {
			if (this.chunks[0].isHeld()) {
				// A reader (an SQL query's snapshot, for up to its timeout) holds the
				// oldest history: evicting it would give nothing back until then, and the
				// loop would go on to evict all of it. The new row is dropped instead.
				return null;
			}
			evictOldest();
		}
		while (true) {
			try {
				HistoryChunk chunk = new HistoryChunk(this.allocator, this.chunkRows);
				HistoryChunk[] grown = Arrays.copyOf(this.chunks, this.chunks.length + 1);
				grown[grown.length - 1] = chunk;
				this.chunks = grown;
				return chunk;
			}
			catch (OutOfMemoryException | OutOfMemoryError ex) {
				// OutOfMemoryError: the JVM's direct memory ran out before the
				// allocator's limit (StoreConfiguration caps the limit to prevent it;
				// this is the backstop)
				if (this.chunks.length == 0 || this.chunks[0].isHeld()) {
					return null;
				}
				evictOldest();
			}
		}
	}

	/**
	 * Drops the oldest chunk: readers stop seeing it at once, its memory is freed when
	 * the last reader lets go.
	 */
	private void evictOldest() {
		HistoryChunk oldest = this.chunks[0];
		this.chunks = Arrays.copyOfRange(this.chunks, 1, this.chunks.length);
		this.published = this.chunks;
		int removed = oldest.writtenRows();
		this.rows -= removed;
		this.evictedRows += removed;
		this.publishedRows = Math.min(this.publishedRows, this.rows);
		oldest.close();
	}

	long rows() {
		return this.publishedRows;
	}

	long evictedRows() {
		return this.evictedRows;
	}

	long droppedRows() {
		return this.droppedRows;
	}

	int storeCount() {
		return this.stores.size();
	}

	/**
	 * Visits every published row, oldest first.
	 * @param visitor receives each row
	 */
	void forEach(RowVisitor visitor) {
		for (HistoryChunk chunk : this.published) {
			if (!chunk.tryAcquire()) {
				continue;
			}
			try {
				int rows = chunk.rows();
				for (int row = 0; row < rows; row++) {
					visitor.visit(this.candies.decode(chunk.candy(row)), this.stores.decode(chunk.store(row)),
							chunk.priceCents(row), chunk.timestampMillis(row));
				}
			}
			finally {
				chunk.release();
			}
		}
	}

	/**
	 * Visits every row the writer holds, oldest first, by dictionary codes. Writer only.
	 * @param visitor receives each row
	 */
	void forEachCode(CodeVisitor visitor) {
		for (HistoryChunk chunk : this.chunks) {
			int rows = chunk.writtenRows();
			for (int row = 0; row < rows; row++) {
				visitor.visit(chunk.candy(row), chunk.store(row), chunk.priceCents(row), chunk.timestampMillis(row));
			}
		}
	}

	/**
	 * History rows of one candy in event-time order (ties in log order): the first
	 * {@code limit} at or after {@code fromMillis}. One pass over the published chunks,
	 * comparing dictionary codes, keeping the best {@code limit} rows in a heap.
	 */
	List<Offer> select(String candyId, String storeId, long fromMillis, long toMillis, int limit) {
		int candy = this.candies.find(candyId);
		int store = (storeId != null) ? this.stores.find(storeId) : -1;
		if (candy < 0 || (storeId != null && store < 0) || limit <= 0) {
			return List.of();
		}
		// the latest of the rows kept so far on top, so that an earlier row can replace
		// it
		PriorityQueue<Row> kept = new PriorityQueue<>(
				Comparator.comparingLong(Row::timestampMillis).thenComparingLong(Row::sequence).reversed());
		long sequence = 0;
		for (HistoryChunk chunk : this.published) {
			if (!chunk.tryAcquire()) {
				continue;
			}
			try {
				int rows = chunk.rows();
				for (int row = 0; row < rows; row++, sequence++) {
					if (chunk.candy(row) != candy || (store >= 0 && chunk.store(row) != store)) {
						continue;
					}
					long millis = chunk.timestampMillis(row);
					if (millis < fromMillis || millis > toMillis) {
						continue;
					}
					if (kept.size() < limit) {
						kept.add(new Row(millis, sequence, chunk.store(row), chunk.priceCents(row)));
					}
					else if (millis < kept.peek().timestampMillis()) {
						kept.poll();
						kept.add(new Row(millis, sequence, chunk.store(row), chunk.priceCents(row)));
					}
				}
			}
			finally {
				chunk.release();
			}
		}
		Row[] sorted = kept.toArray(new Row[0]);
		Arrays.sort(sorted, Comparator.comparingLong(Row::timestampMillis).thenComparingLong(Row::sequence));
		List<Offer> result = new ArrayList<>(sorted.length);
		for (Row row : sorted) {
			result.add(new Offer(candyId, this.stores.decode(row.store()), row.priceCents(), row.timestampMillis()));
		}
		return result;
	}

	/**
	 * What readers see now: the chunks and, for each, its published rows. Taken before
	 * the dictionaries, so every code in those rows is in {@link #candyValues()} and
	 * {@link #storeValues()} taken after.
	 */
	Snapshot snapshot() {
		HistoryChunk[] chunks = this.published;
		int[] rows = new int[chunks.length];
		for (int i = 0; i < chunks.length; i++) {
			rows[i] = chunks[i].rows();
		}
		return new Snapshot(chunks, rows);
	}

	String[] candyValues() {
		return this.candies.values(this.candies.size());
	}

	String[] storeValues() {
		return this.stores.values(this.stores.size());
	}

	int candyCode(String candyId) {
		return this.candies.find(candyId);
	}

	record Snapshot(HistoryChunk[] chunks, int[] rows) {
	}

	private record Row(long timestampMillis, long sequence, int store, int priceCents) {
	}

	long allocatedBytes() {
		return this.allocator.getAllocatedMemory();
	}

	@Override
	public void close() {
		HistoryChunk[] all = this.chunks;
		this.chunks = new HistoryChunk[0];
		this.published = this.chunks;
		for (HistoryChunk chunk : all) {
			chunk.close();
		}
	}

	/**
	 * Receives history rows by dictionary codes.
	 */
	@FunctionalInterface
	interface CodeVisitor {

		void visit(int candy, int store, int priceCents, long timestampMillis);

	}

	/**
	 * Receives history rows.
	 */
	@FunctionalInterface
	interface RowVisitor {

		void visit(String candyId, String storeId, int priceCents, long timestampMillis);

	}

}
