package io.candyflow.consumer.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.WritableByteChannel;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
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
 */
final class HistoryExporter {

	static final Schema SCHEMA = new Schema(
			List.of(HistoryChunk.SCHEMA.getFields().get(0), HistoryChunk.SCHEMA.getFields().get(1),
					new Field("price", FieldType.notNullable(new ArrowType.Decimal(11, 2, 128)), null),
					HistoryChunk.SCHEMA.getFields().get(3)));

	private final History history;

	private final BufferAllocator allocator;

	HistoryExporter(History history, BufferAllocator allocator) {
		this.history = history;
		this.allocator = allocator;
	}

	void write(String candyId, WritableByteChannel out) throws IOException {
		History.Snapshot snapshot = this.history.snapshot();
		int candy = (candyId != null) ? this.history.candyCode(candyId) : -1;
		try (VarCharVector candies = dictionary("candy_id", this.history.candyValues(), this.allocator);
				VarCharVector stores = dictionary("store_id", this.history.storeValues(), this.allocator);
				VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, this.allocator)) {
			DictionaryProvider.MapDictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider(
					new Dictionary(candies, SCHEMA.getFields().get(0).getDictionary()),
					new Dictionary(stores, SCHEMA.getFields().get(1).getDictionary()));
			try (ArrowStreamWriter writer = new ArrowStreamWriter(root, dictionaries, out)) {
				writer.start();
				if (candyId == null || candy >= 0) {
					for (int i = 0; i < snapshot.chunks().length; i++) {
						if (copy(snapshot.chunks()[i], snapshot.rows()[i], candy, root)) {
							writer.writeBatch();
						}
					}
				}
				writer.end();
			}
		}
	}

	/**
	 * Copies a chunk's rows (of one candy, if {@code candy >= 0}) into the export root.
	 * @return {@code false} if the chunk was evicted meanwhile or has no matching row
	 */
	private boolean copy(HistoryChunk chunk, int rows, int candy, VectorSchemaRoot root) {
		if (!chunk.tryAcquire()) {
			return false;
		}
		try {
			root.clear();
			root.allocateNew();
			IntVector candies = (IntVector) root.getVector(0);
			IntVector stores = (IntVector) root.getVector(1);
			DecimalVector prices = (DecimalVector) root.getVector(2);
			TimeStampMilliTZVector timestamps = (TimeStampMilliTZVector) root.getVector(3);
			int out = 0;
			for (int row = 0; row < rows; row++) {
				if (candy >= 0 && chunk.candy(row) != candy) {
					continue;
				}
				candies.setSafe(out, chunk.candy(row));
				stores.setSafe(out, chunk.store(row));
				prices.setSafe(out, chunk.priceCents(row));
				timestamps.setSafe(out, chunk.timestampMillis(row));
				out++;
			}
			root.setRowCount(out);
			return out > 0;
		}
		finally {
			chunk.release();
		}
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
