package io.candyflow.consumer.store;

import java.util.Arrays;

import org.apache.arrow.memory.BufferAllocator;

/**
 * The append-only history: a list of {@link HistoryChunk}s, each a fixed-size Arrow
 * record batch, with candy and store ids dictionary-encoded.
 * <p>
 * The writer appends to the last chunk and opens a new one when it is full; readers see
 * the chunk array as it was last published and, in each chunk, the rows published in it.
 */
final class History implements AutoCloseable {

	private final BufferAllocator allocator;

	private final int chunkRows;

	private final StringDictionary candies = new StringDictionary();

	private final StringDictionary stores = new StringDictionary();

	/** The writer's chunks; the last one is being filled. */
	private HistoryChunk[] chunks = new HistoryChunk[0];

	/** What readers see. */
	private volatile HistoryChunk[] published = this.chunks;

	private long publishedRows;

	History(BufferAllocator allocator, int chunkRows) {
		this.allocator = allocator;
		this.chunkRows = chunkRows;
	}

	void append(String candyId, String storeId, int priceCents, long timestampMillis) {
		HistoryChunk last = (this.chunks.length > 0) ? this.chunks[this.chunks.length - 1] : null;
		if (last == null || last.isFull()) {
			last = new HistoryChunk(this.allocator, this.chunkRows);
			HistoryChunk[] grown = Arrays.copyOf(this.chunks, this.chunks.length + 1);
			grown[grown.length - 1] = last;
			this.chunks = grown;
		}
		last.append(this.candies.encode(candyId), this.stores.encode(storeId), priceCents, timestampMillis);
	}

	void publish() {
		long rows = 0;
		for (HistoryChunk chunk : this.chunks) {
			chunk.publish();
			rows += chunk.rows();
		}
		this.publishedRows = rows;
		this.published = this.chunks;
	}

	long rows() {
		return this.publishedRows;
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
			int rows = chunk.rows();
			for (int row = 0; row < rows; row++) {
				visitor.visit(this.candies.decode(chunk.candy(row)), this.stores.decode(chunk.store(row)),
						chunk.priceCents(row), chunk.timestampMillis(row));
			}
		}
	}

	long allocatedBytes() {
		return this.allocator.getAllocatedMemory();
	}

	@Override
	public void close() {
		for (HistoryChunk chunk : this.chunks) {
			chunk.close();
		}
		this.chunks = new HistoryChunk[0];
		this.published = this.chunks;
	}

	/**
	 * Receives history rows.
	 */
	@FunctionalInterface
	interface RowVisitor {

		void visit(String candyId, String storeId, int priceCents, long timestampMillis);

	}

}
