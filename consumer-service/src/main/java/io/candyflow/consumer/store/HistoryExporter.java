package io.candyflow.consumer.store;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes the history as an Arrow IPC stream, straight from the chunks' vectors: one
 * record batch per chunk, the id dictionaries once up front. Prices leave as decimal(11,
 * 2), which pyarrow, polars and DuckDB read as exact decimals.
 * <p>
 * All the memory it needs is taken when it is opened, from the exports' own budget, so
 * that an export either fails before anything was sent (a 503) or runs to its end; and no
 * export takes memory the history would have to be evicted for.
 */
public final class HistoryExporter implements AutoCloseable {

	static final Schema SCHEMA = new Schema(
			List.of(HistoryChunk.SCHEMA.getFields().get(0), HistoryChunk.SCHEMA.getFields().get(1),
					new Field("price", FieldType.notNullable(new ArrowType.Decimal(11, 2, 128)), null),
					HistoryChunk.SCHEMA.getFields().get(3)));

	private final History.Snapshot snapshot;

	private final int candy;

	private final boolean unknownCandy;

	private final BufferAllocator allocator;

	private VarCharVector candies;

	private VarCharVector stores;

	private VectorSchemaRoot root;

	/**
	 * Takes a snapshot of the history and the memory to write it.
	 * @throws ExportMemoryExhaustedException if the exports' budget cannot hold it now
	 */
	HistoryExporter(History history, String candyId, BufferAllocator exports) {
		this.snapshot = history.snapshot();
		this.candy = (candyId != null) ? history.candyCode(candyId) : -1;
		this.unknownCandy = candyId != null && this.candy < 0;
		int rows = 0;
		for (int chunkRows : this.snapshot.rows()) {
			rows = Math.max(rows, chunkRows);
		}
		this.allocator = exports.newChildAllocator("export", 0, exports.getLimit());
		try {
			this.candies = dictionary("candy_id", history.candyValues(), this.allocator);
			this.stores = dictionary("store_id", history.storeValues(), this.allocator);
			this.root = VectorSchemaRoot.create(SCHEMA, this.allocator);
			for (FieldVector vector : this.root.getFieldVectors()) {
				vector.setInitialCapacity(Math.max(rows, 1));
			}
			this.root.allocateNew();
		}
		catch (OutOfMemoryException ex) {
			close();
			throw new ExportMemoryExhaustedException(exports.getLimit(), ex);
		}
		catch (RuntimeException | Error ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Where the batches go: each batch is the root's content when {@link #batch()} is
	 * called, and the root is reused for the next.
	 */
	public interface Batches {

		/**
		 * Called once, before any batch.
		 * @param root the vectors every batch is loaded into
		 * @param dictionaries the dictionaries of {@code candy_id} and {@code store_id}
		 * @throws IOException if the batches cannot be taken
		 */
		void start(VectorSchemaRoot root, DictionaryProvider dictionaries) throws IOException;

		/**
		 * Takes the root's content.
		 * @throws IOException if it cannot be taken
		 */
		void batch() throws IOException;

	}

	/**
	 * Writes the stream.
	 * @param out where to
	 * @throws IOException if writing fails
	 */
	public void write(WritableByteChannel out) throws IOException {
		ArrowStreamWriter[] writer = new ArrowStreamWriter[1];
		write(new Batches() {

			@Override
			public void start(VectorSchemaRoot root, DictionaryProvider dictionaries) throws IOException {
				writer[0] = new ArrowStreamWriter(root, dictionaries, out);
				writer[0].start();
			}

			@Override
			public void batch() throws IOException {
				writer[0].writeBatch();
			}

		});
		// Only a whole stream is ended: closing the writer writes the end-of-stream
		// marker, and after a failure that would make a cut export read as a whole one.
		// The writer holds no memory; the caller closes the channel either way.
		writer[0].close();
	}

	/**
	 * Hands the history over batch by batch, one per chunk with rows to send.
	 * @param batches where to
	 * @throws IOException if they cannot be taken
	 */
	public void write(Batches batches) throws IOException {
		DictionaryProvider.MapDictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider(
				new Dictionary(this.candies, SCHEMA.getFields().get(0).getDictionary()),
				new Dictionary(this.stores, SCHEMA.getFields().get(1).getDictionary()));
		batches.start(this.root, dictionaries);
		if (!this.unknownCandy) {
			for (int i = 0; i < this.snapshot.chunks().length; i++) {
				if (copy(this.snapshot.chunks()[i], this.snapshot.rows()[i])) {
					batches.batch();
				}
			}
		}
	}

	/**
	 * The stream's schema: dictionary-encoded ids, decimal(11, 2) prices, millisecond
	 * timestamps in UTC.
	 */
	public static Schema schema() {
		return SCHEMA;
	}

	/**
	 * Copies a chunk's rows (of one candy, if one was asked for) into the export root,
	 * whose buffers are big enough for any chunk of the snapshot.
	 * @return {@code false} if the chunk was evicted meanwhile or has no matching row
	 */
	private boolean copy(HistoryChunk chunk, int rows) {
		if (!chunk.tryAcquire()) {
			return false;
		}
		try {
			IntVector candies = (IntVector) this.root.getVector(0);
			IntVector stores = (IntVector) this.root.getVector(1);
			DecimalVector prices = (DecimalVector) this.root.getVector(2);
			TimeStampMilliTZVector timestamps = (TimeStampMilliTZVector) this.root.getVector(3);
			int out = 0;
			for (int row = 0; row < rows; row++) {
				if (this.candy >= 0 && chunk.candy(row) != this.candy) {
					continue;
				}
				candies.set(out, chunk.candy(row));
				stores.set(out, chunk.store(row));
				prices.set(out, chunk.priceCents(row));
				timestamps.set(out, chunk.timestampMillis(row));
				out++;
			}
			this.root.setRowCount(out);
			return out > 0;
		}
		finally {
			chunk.release();
		}
	}

	@Override
	public void close() {
		if (this.root != null) {
			this.root.close();
		}
		if (this.stores != null) {
			this.stores.close();
		}
		if (this.candies != null) {
			this.candies.close();
		}
		this.allocator.close();
	}

	static VarCharVector dictionary(String name, String[] values, BufferAllocator allocator) {
		VarCharVector vector = new VarCharVector(name, allocator);
		try {
			vector.allocateNew(values.length);
			for (int i = 0; i < values.length; i++) {
				vector.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
			}
			vector.setValueCount(values.length);
			return vector;
		}
		catch (RuntimeException ex) {
			vector.close();
			throw ex;
		}
	}

}
