package io.candyflow.consumer.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.candyflow.consumer.store.HistoryExporter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link MergedStreams}: shards' history streams, each with dictionaries of its own, read
 * as one.
 */
class MergedStreamsTests {

	private static final Schema SCHEMA = HistoryExporter.schema();

	private final BufferAllocator allocator = new RootAllocator();

	@AfterEach
	void noLeaks() {
		// throws on memory not given back
		this.allocator.close();
	}

	@Test
	void readsEveryShardInTurnWithTheirCodesTranslatedToMergedDictionaries() throws IOException {
		byte[] first = shard(List.of("Candy1", "Candy4"), List.of("Store1", "Store2"),
				List.of(rows(row(0, 0, 199, 1000), row(1, 1, 250, 1001)), rows(row(1, 0, 300, 1002))));
		byte[] second = shard(List.of("Candy2"), List.of("Store2", "Store3"),
				List.of(rows(row(0, 1, 120, 900), row(0, 0, 130, 901))));
		byte[] empty = shard(List.of(), List.of(), List.of());

		try (MergedStreams merged = new MergedStreams(shards(first, empty, second), ShardTables.HISTORY,
				this.allocator)) {
			assertThat(merged.partitions()).as("not asked yet").isEmpty();
			assertThat(read(merged)).containsExactly("Candy1|Store1|1.99|1000", "Candy4|Store2|2.50|1001",
					"Candy4|Store1|3.00|1002", "Candy2|Store3|1.20|900", "Candy2|Store2|1.30|901");
			// a store seen by two shards is one value of the merged dictionary
			assertThat(values(merged, 1)).containsExactly("Store1", "Store2", "Store3");
			assertThat(merged.failure()).isNull();
		}
	}

	@Test
	void aShardCutShortFailsTheReadAndSaysSo() throws IOException {
		byte[] whole = shard(List.of("Candy1"), List.of("Store1"),
				List.of(rows(row(0, 0, 100, 1)), rows(row(0, 0, 101, 2))));
		byte[] cut = Arrays.copyOf(whole, whole.length - 60);
		try (MergedStreams merged = new MergedStreams(shards(cut), ShardTables.HISTORY, this.allocator)) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
				while (merged.loadNextBatch()) {
					// until the cut
				}
			});
			assertThat(merged.failure()).isNotNull();
		}
	}

	@Test
	void aShardOfAnotherSchemaIsRefusedAndNothingIsLeft() throws IOException {
		byte[] history = shard(List.of("Candy1"), List.of("Store1"), List.of(rows(row(0, 0, 100, 1))));
		try (MergedStreams merged = new MergedStreams(shards(history), ShardTables.OFFERS, this.allocator)) {
			assertThatExceptionOfType(IOException.class).isThrownBy(merged::loadNextBatch)
				.withMessageContaining("A shard sent");
			assertThat(merged.failure()).isInstanceOf(IOException.class);
		}
	}

	@Test
	void aBodyThatGoesOnAfterItsEndMarkerIsNotAWholeStream() throws IOException {
		byte[] whole = shard(List.of("Candy1"), List.of("Store1"), List.of(rows(row(0, 0, 100, 1))));
		byte[] more = Arrays.copyOf(whole, whole.length + 1);
		try (MergedStreams merged = new MergedStreams(shards(more), ShardTables.HISTORY, this.allocator)) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> read(merged))
				.withMessageContaining("after the end");
		}
	}

	@Test
	void theShardsAreAskedAtTheFirstBatchNotBeforeAndNotAtAllOnceAborted() throws IOException {
		byte[] history = shard(List.of("Candy1"), List.of("Store1"), List.of(rows(row(0, 0, 100, 1))));
		AtomicInteger asked = new AtomicInteger();
		Supplier<ShardStreams.Gathered> source = () -> {
			asked.incrementAndGet();
			return new ShardStreams.Gathered(streams(history), List.of(0, 1));
		};
		try (MergedStreams merged = new MergedStreams(source, ShardTables.HISTORY, this.allocator)) {
			// what DuckDB reads when the table is registered
			assertThat(merged.getVectorSchemaRoot().getSchema()).isEqualTo(ShardTables.HISTORY);
			assertThat(
					merged.lookup(merged.getVectorSchemaRoot().getSchema().getFields().get(0).getDictionary().getId()))
				.isNotNull();
			assertThat(asked).hasValue(0);
			assertThat(read(merged)).containsExactly("Candy1|Store1|1.00|1");
			assertThat(asked).hasValue(1);
			assertThat(merged.partitions()).containsExactly(0, 1);
		}
		try (MergedStreams aborted = new MergedStreams(source, ShardTables.HISTORY, this.allocator)) {
			aborted.abort();
			assertThatExceptionOfType(IOException.class).isThrownBy(aborted::loadNextBatch);
			assertThat(asked).hasValue(1);
		}
	}

	private static Supplier<ShardStreams.Gathered> shards(byte[]... shards) {
		return () -> new ShardStreams.Gathered(streams(shards), List.of(0));
	}

	private static List<InputStream> streams(byte[]... shards) {
		List<InputStream> streams = new ArrayList<>();
		for (byte[] shard : shards) {
			streams.add(new ByteArrayInputStream(shard));
		}
		return streams;
	}

	private static int[] row(int candy, int store, int cents, long millis) {
		return new int[] { candy, store, cents, (int) millis };
	}

	private static List<int[]> rows(int[]... rows) {
		return List.of(rows);
	}

	/** One shard's export: its own dictionaries up front, then its batches. */
	private byte[] shard(List<String> candies, List<String> stores, List<List<int[]>> batches) throws IOException {
		List<Field> fields = SCHEMA.getFields();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (VarCharVector candyValues = dictionary("candy_id", candies);
				VarCharVector storeValues = dictionary("store_id", stores);
				VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, this.allocator);
				ArrowStreamWriter writer = new ArrowStreamWriter(root,
						new DictionaryProvider.MapDictionaryProvider(
								new Dictionary(candyValues, fields.get(0).getDictionary()),
								new Dictionary(storeValues, fields.get(1).getDictionary())),
						Channels.newChannel(out))) {
			writer.start();
			for (List<int[]> batch : batches) {
				root.allocateNew();
				for (int i = 0; i < batch.size(); i++) {
					int[] row = batch.get(i);
					((IntVector) root.getVector(0)).setSafe(i, row[0]);
					((IntVector) root.getVector(1)).setSafe(i, row[1]);
					((DecimalVector) root.getVector(2)).setSafe(i, row[2]);
					((TimeStampMilliTZVector) root.getVector(3)).setSafe(i, row[3]);
				}
				root.setRowCount(batch.size());
				writer.writeBatch();
			}
			writer.end();
		}
		return out.toByteArray();
	}

	private VarCharVector dictionary(String name, List<String> values) {
		VarCharVector vector = new VarCharVector(name, this.allocator);
		vector.allocateNew(Math.max(1, values.size()));
		for (int i = 0; i < values.size(); i++) {
			vector.setSafe(i, values.get(i).getBytes(StandardCharsets.UTF_8));
		}
		vector.setValueCount(values.size());
		return vector;
	}

	private static List<String> read(MergedStreams merged) throws IOException {
		List<String> rows = new ArrayList<>();
		VectorSchemaRoot root = merged.getVectorSchemaRoot();
		while (merged.loadNextBatch()) {
			for (int row = 0; row < root.getRowCount(); row++) {
				String candy = value(merged, 0, ((IntVector) root.getVector(0)).get(row));
				String store = value(merged, 1, ((IntVector) root.getVector(1)).get(row));
				BigDecimal price = ((DecimalVector) root.getVector(2)).getObject(row);
				long millis = ((TimeStampMilliTZVector) root.getVector(3)).get(row);
				rows.add(candy + "|" + store + "|" + price + "|" + millis);
			}
		}
		return rows;
	}

	private static String value(MergedStreams merged, int column, int code) {
		long id = merged.getVectorSchemaRoot().getSchema().getFields().get(column).getDictionary().getId();
		return new String(((VarCharVector) merged.lookup(id).getVector()).get(code), StandardCharsets.UTF_8);
	}

	private static List<String> values(MergedStreams merged, int column) {
		long id = merged.getVectorSchemaRoot().getSchema().getFields().get(column).getDictionary().getId();
		VarCharVector vector = (VarCharVector) merged.lookup(id).getVector();
		List<String> values = new ArrayList<>();
		for (int i = 0; i < vector.getValueCount(); i++) {
			values.add(new String(vector.get(i), StandardCharsets.UTF_8));
		}
		return values;
	}

}
