package io.candyflow.consumer.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;

import io.candyflow.price.PriceUpdate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /export}'s stream, read back with Arrow's own {@link ArrowStreamReader}.
 */
class HistoryExporterTests {

	private static final long T = 1_700_000_000_000L;

	private BufferAllocator allocator;

	private PriceStore store;

	@BeforeEach
	void fill() {
		this.allocator = new RootAllocator(64L * 1024 * 1024);
		this.store = new PriceStore(this.allocator, 1024);
		for (int i = 0; i < 5000; i++) {
			this.store.markSeen(0, i);
			this.store.append(new PriceUpdate("Candy" + (i % 3), "Störe " + (i % 4), 100 + i, T + i * 1000L));
		}
		this.store.publish();
	}

	@AfterEach
	void close() {
		this.store.close();
		assertThat(this.allocator.getAllocatedMemory()).isZero();
		this.allocator.close();
	}

	@Test
	void exportsEveryRowWithStringsExactPricesAndUtcMilliseconds() throws Exception {
		List<String> rows = readBack(null);
		assertThat(rows).hasSize(5000);
		assertThat(rows.get(0)).isEqualTo("Candy0|Störe 0|1.00|" + T);
		assertThat(rows.get(4999)).isEqualTo("Candy1|Störe 3|50.99|" + (T + 4_999_000L));
	}

	@Test
	void exportsOneCandy() throws Exception {
		List<String> rows = readBack("Candy2");
		assertThat(rows).hasSize(1666).allSatisfy((row) -> assertThat(row).startsWith("Candy2|"));
		assertThat(rows.get(0)).isEqualTo("Candy2|Störe 2|1.02|" + (T + 2000));
	}

	@Test
	void exportsAnEmptyStreamForAnUnknownCandy() throws Exception {
		assertThat(readBack("Nope")).isEmpty();
	}

	private List<String> readBack(String candy) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.store.export(candy, Channels.newChannel(out));
		List<String> rows = new ArrayList<>();
		try (BufferAllocator readAllocator = new RootAllocator();
				ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(out.toByteArray()),
						readAllocator)) {
			VectorSchemaRoot root = reader.getVectorSchemaRoot();
			assertThat(root.getSchema().getFields()).extracting((field) -> field.getName())
				.containsExactly("candy_id", "store_id", "price", "timestamp");
			assertThat(root.getSchema().findField("timestamp").getType())
				.isEqualTo(new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, "UTC"));
			while (reader.loadNextBatch()) {
				Dictionary candies = reader.getDictionaryVectors()
					.get(root.getSchema().findField("candy_id").getDictionary().getId());
				Dictionary stores = reader.getDictionaryVectors()
					.get(root.getSchema().findField("store_id").getDictionary().getId());
				try (FieldVector candyNames = (FieldVector) DictionaryEncoder.decode(root.getVector("candy_id"),
						candies);
						FieldVector storeNames = (FieldVector) DictionaryEncoder.decode(root.getVector("store_id"),
								stores)) {
					DecimalVector prices = (DecimalVector) root.getVector("price");
					TimeStampMilliTZVector timestamps = (TimeStampMilliTZVector) root.getVector("timestamp");
					for (int i = 0; i < root.getRowCount(); i++) {
						BigDecimal price = prices.getObject(i);
						rows.add(candyNames.getObject(i) + "|" + storeNames.getObject(i) + "|" + price.toPlainString()
								+ "|" + timestamps.get(i));
					}
				}
			}
		}
		return rows;
	}

}
