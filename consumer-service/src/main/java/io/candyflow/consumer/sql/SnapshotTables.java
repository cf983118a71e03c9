package io.candyflow.consumer.sql;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.candyflow.consumer.store.Offer;
import io.candyflow.consumer.store.StoreSnapshot;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The two tables of a {@link StoreSnapshot} as Arrow readers, for DuckDB to scan through
 * the C Data Interface.
 * <p>
 * {@code history} hands over the chunks' own buffers: each batch is a set of vectors
 * whose buffers are the chunk's, shared (reference counted), never copied; only the id
 * dictionaries are built per query. Prices are the stored int32 cents declared as
 * {@code decimal(11, 2)} with a 32-bit width (Arrow's decimal32 layout), which DuckDB
 * reads as {@code DECIMAL(11,2)}: the cents are the decimal's unscaled value, so no
 * conversion is needed on this side. {@code offers} is small (one row per candy and
 * store) and is built per query from the snapshot's offers.
 */
final class SnapshotTables {

	private static final ArrowType INT32 = new ArrowType.Int(32, true);

	private static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");

	private static final DictionaryEncoding CANDIES = new DictionaryEncoding(0, false, (ArrowType.Int) INT32);

	private static final DictionaryEncoding STORES = new DictionaryEncoding(1, false, (ArrowType.Int) INT32);

	static final Schema HISTORY = new Schema(List.of(new Field("candy_id", new FieldType(false, INT32, CANDIES), null),
			new Field("store_id", new FieldType(false, INT32, STORES), null),
			new Field("price", FieldType.notNullable(new ArrowType.Decimal(11, 2, 32)), null),
			new Field("ts", FieldType.notNullable(TIMESTAMP), null)));

	static final Schema OFFERS = new Schema(
			List.of(new Field("candy_id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
					new Field("store_id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
					new Field("price", FieldType.notNullable(new ArrowType.Decimal(11, 2, 64)), null),
					new Field("ts", FieldType.notNullable(TIMESTAMP), null)));

	private static final int[] HISTORY_COLUMNS = { StoreSnapshot.CANDY, StoreSnapshot.STORE, StoreSnapshot.PRICE_CENTS,
			StoreSnapshot.TIMESTAMP_MILLIS };

	private SnapshotTables() {
	}

	/**
	 * The history, one batch per chunk.
	 */
	static ArrowReader history(StoreSnapshot snapshot, BufferAllocator allocator) {
		return new HistoryReader(snapshot, allocator);
	}

	/**
	 * The current offers, in one batch.
	 */
	static ArrowReader offers(StoreSnapshot snapshot, BufferAllocator allocator) {
		return new OffersReader(snapshot.offers(), allocator);
	}

	/**
	 * A reader whose root is made of vectors of the given types, however the schema
	 * declares them (Arrow would make a 128-bit decimal vector of a decimal field).
	 */
	private abstract static class SnapshotReader extends ArrowReader {

		private final Schema schema;

		private VectorSchemaRoot root;

		SnapshotReader(Schema schema, BufferAllocator allocator) {
			super(allocator);
			this.schema = schema;
		}

		abstract List<FieldVector> vectors(List<Field> fields);

		@Override
		public VectorSchemaRoot getVectorSchemaRoot() {
			if (this.root == null) {
				this.root = new VectorSchemaRoot(this.schema.getFields(), vectors(this.schema.getFields()), 0);
			}
			return this.root;
		}

		@Override
		protected Schema readSchema() {
			return this.schema;
		}

		@Override
		public long bytesRead() {
			return 0;
		}

		@Override
		protected void closeReadSource() {
			if (this.root != null) {
				this.root.close();
			}
		}

	}

	private static final class HistoryReader extends SnapshotReader {

		private final StoreSnapshot snapshot;

		private final Map<Long, Dictionary> dictionaries = new HashMap<>();

		private int next;

		HistoryReader(StoreSnapshot snapshot, BufferAllocator allocator) {
			super(HISTORY, allocator);
			this.snapshot = snapshot;
			VarCharVector candies = snapshot.dictionary(StoreSnapshot.CANDY, allocator);
			this.dictionaries.put(CANDIES.getId(), new Dictionary(candies, CANDIES));
			try {
				VarCharVector stores = snapshot.dictionary(StoreSnapshot.STORE, allocator);
				this.dictionaries.put(STORES.getId(), new Dictionary(stores, STORES));
			}
			catch (RuntimeException ex) {
				candies.close();
				throw ex;
			}
		}

		@Override
		List<FieldVector> vectors(List<Field> fields) {
			return List.of(new IntVector(fields.get(0), this.allocator), new IntVector(fields.get(1), this.allocator),
					new IntVector(fields.get(2), this.allocator),
					new TimeStampMilliTZVector(fields.get(3), this.allocator));
		}

		@Override
		public boolean loadNextBatch() {
			while (this.next < this.snapshot.chunks() && this.snapshot.rows(this.next) == 0) {
				this.next++;
			}
			if (this.next == this.snapshot.chunks()) {
				return false;
			}
			int chunk = this.next++;
			int rows = this.snapshot.rows(chunk);
			VectorSchemaRoot root = getVectorSchemaRoot();
			for (int i = 0; i < HISTORY_COLUMNS.length; i++) {
				// the chunk's buffers, shared: loading takes a reference, the C export
				// another, each given back when its holder is done; the node's length
				// makes the published rows the batch, the rest of the chunk unseen
				root.getVector(i)
					.loadFieldBuffers(new ArrowFieldNode(rows, 0),
							List.of(this.snapshot.validity(chunk, HISTORY_COLUMNS[i]),
									this.snapshot.data(chunk, HISTORY_COLUMNS[i])));
			}
			root.setRowCount(rows);
			return true;
		}

		@Override
		public Dictionary lookup(long id) {
			return this.dictionaries.get(id);
		}

		@Override
		public Set<Long> getDictionaryIds() {
			return this.dictionaries.keySet();
		}

		@Override
		public Map<Long, Dictionary> getDictionaryVectors() {
			return this.dictionaries;
		}

		@Override
		protected void closeReadSource() {
			super.closeReadSource();
			this.dictionaries.values().forEach((dictionary) -> dictionary.getVector().close());
		}

	}

	private static final class OffersReader extends SnapshotReader {

		private final List<Offer> offers;

		private boolean loaded;

		OffersReader(List<Offer> offers, BufferAllocator allocator) {
			super(OFFERS, allocator);
			this.offers = offers;
		}

		@Override
		List<FieldVector> vectors(List<Field> fields) {
			return List.of(new VarCharVector(fields.get(0), this.allocator),
					new VarCharVector(fields.get(1), this.allocator), new BigIntVector(fields.get(2), this.allocator),
					new TimeStampMilliTZVector(fields.get(3), this.allocator));
		}

		@Override
		public boolean loadNextBatch() {
			if (this.loaded || this.offers.isEmpty()) {
				return false;
			}
			this.loaded = true;
			VectorSchemaRoot root = getVectorSchemaRoot();
			VarCharVector candies = (VarCharVector) root.getVector(0);
			VarCharVector stores = (VarCharVector) root.getVector(1);
			BigIntVector prices = (BigIntVector) root.getVector(2);
			TimeStampMilliTZVector timestamps = (TimeStampMilliTZVector) root.getVector(3);
			int rows = this.offers.size();
			candies.allocateNew(rows);
			stores.allocateNew(rows);
			prices.allocateNew(rows);
			timestamps.allocateNew(rows);
			for (int i = 0; i < rows; i++) {
				Offer offer = this.offers.get(i);
				candies.setSafe(i, offer.candyId().getBytes(StandardCharsets.UTF_8));
				stores.setSafe(i, offer.storeId().getBytes(StandardCharsets.UTF_8));
				prices.set(i, offer.priceCents());
				timestamps.set(i, offer.timestampMillis());
			}
			root.setRowCount(rows);
			return true;
		}

		@Override
		public Dictionary lookup(long id) {
			return null;
		}

		@Override
		public Set<Long> getDictionaryIds() {
			return Set.of();
		}

		@Override
		public Map<Long, Dictionary> getDictionaryVectors() {
			return Map.of();
		}

	}

}
