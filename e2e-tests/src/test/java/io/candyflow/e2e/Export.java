package io.candyflow.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * {@code GET /export} read with Arrow's own reader: the rows it holds, as a sorted set,
 * since an export's row order follows the store's chunks, which shards split.
 */
final class Export {

	private Export() {
	}

	/**
	 * The export of one instance: its status and, for a 200, how many rows and a digest
	 * of them, sorted; a problem's body as it came.
	 */
	static ShardedIntegrationTests.Answer rows(int port) {
		return Http.read(port, "/export", (in) -> digest(read(in)));
	}

	private static List<String> read(InputStream in) throws IOException {
		List<String> rows = new ArrayList<>();
		try (BufferAllocator allocator = new RootAllocator();
				ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
			VectorSchemaRoot root = reader.getVectorSchemaRoot();
			while (reader.loadNextBatch()) {
				List<ValueVector> columns = new ArrayList<>();
				try {
					for (FieldVector vector : root.getFieldVectors()) {
						columns.add((vector.getField().getDictionary() != null) ? DictionaryEncoder.decode(vector,
								reader.lookup(vector.getField().getDictionary().getId())) : vector);
					}
					for (int row = 0; row < root.getRowCount(); row++) {
						StringBuilder line = new StringBuilder();
						for (ValueVector column : columns) {
							Object value = column.getObject(row);
							line.append(value).append('|');
						}
						rows.add(line.toString());
					}
				}
				finally {
					for (ValueVector column : columns) {
						if (!root.getFieldVectors().contains(column)) {
							column.close();
						}
					}
				}
			}
		}
		return rows;
	}

	private static String digest(List<String> rows) {
		List<String> sorted = new ArrayList<>(rows);
		sorted.sort(null);
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (String row : sorted) {
				sha.update(row.getBytes(StandardCharsets.UTF_8));
				sha.update((byte) '\n');
			}
			return rows.size() + " rows, sha-256 " + HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
