package io.candyflow.consumer.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The shards' Arrow IPC streams of one table as one reader: every batch of the first
 * shard, then of the next. Columns pass through as they came (their buffers taken over,
 * not copied), except dictionary-encoded ones: each shard has dictionaries of its own, so
 * their codes are translated to dictionaries of every shard's values, built before the
 * first batch from the dictionaries each shard sends first. A store sells candies of many
 * partitions, so a value may come from several shards; it is in the merged dictionary
 * once.
 * <p>
 * The shards must send the schema given, save for the names of its fields.
 */
final class MergedStreams extends ArrowReader {

	private final Schema schema;

	private final List<InputStream> bodies;

	private final List<ArrowStreamReader> shards = new ArrayList<>();

	/** Whether each shard has a batch read and not yet handed on. */
	private final boolean[] pending;

	/**
	 * For each shard and dictionary-encoded column, the merged code of each shard code.
	 */
	private final int[][][] codes;

	private final Map<Long, Dictionary> dictionaries = new HashMap<>();

	private VectorSchemaRoot root;

	private int current;

	private volatile IOException failure;

	/**
	 * Reads each shard's dictionaries and first batch.
	 * @param bodies the shards' streams, taken over: closed with this reader
	 * @param schema the columns, in memory format (dictionary-encoded ones as int32
	 * codes)
	 * @param allocator where the batches are read into
	 * @throws IOException if a shard's stream fails or is not of this schema; everything
	 * is closed then
	 */
	MergedStreams(List<InputStream> bodies, Schema schema, BufferAllocator allocator) throws IOException {
		super(allocator);
		this.schema = schema;
		this.bodies = List.copyOf(bodies);
		this.pending = new boolean[bodies.size()];
		this.codes = new int[bodies.size()][][];
		try {
			for (InputStream body : this.bodies) {
				this.shards.add(new ArrowStreamReader(body, allocator));
			}
			for (int i = 0; i < this.shards.size(); i++) {
				requireSchema(this.shards.get(i).getVectorSchemaRoot().getSchema());
				this.pending[i] = read(i);
			}
			mergeDictionaries();
		}
		catch (IOException | RuntimeException ex) {
			closeReadSource();
			throw ex;
		}
	}

	private void requireSchema(Schema sent) throws IOException {
		List<Field> expected = this.schema.getFields();
		List<Field> fields = sent.getFields();
		boolean same = fields.size() == expected.size();
		for (int i = 0; same && i < fields.size(); i++) {
			same = fields.get(i).getType().equals(expected.get(i).getType())
					&& (fields.get(i).getDictionary() == null) == (expected.get(i).getDictionary() == null);
		}
		if (!same) {
			throw new IOException("A shard sent " + sent + ", not " + this.schema);
		}
	}

	private void mergeDictionaries() throws IOException {
		List<Field> fields = this.schema.getFields();
		for (int shard = 0; shard < this.shards.size(); shard++) {
			this.codes[shard] = new int[fields.size()][];
		}
		for (int column = 0; column < fields.size(); column++) {
			DictionaryEncoding encoding = fields.get(column).getDictionary();
			if (encoding == null) {
				continue;
			}
			Map<String, Integer> merged = new LinkedHashMap<>();
			for (int shard = 0; shard < this.shards.size(); shard++) {
				ArrowStreamReader reader = this.shards.get(shard);
				long id = reader.getVectorSchemaRoot().getSchema().getFields().get(column).getDictionary().getId();
				VarCharVector values = (VarCharVector) reader.lookup(id).getVector();
				int[] translation = new int[values.getValueCount()];
				for (int code = 0; code < translation.length; code++) {
					String value = new String(values.get(code), StandardCharsets.UTF_8);
					translation[code] = merged.computeIfAbsent(value, (key) -> merged.size());
				}
				this.codes[shard][column] = translation;
			}
			VarCharVector vector = new VarCharVector(fields.get(column).getName(), this.allocator);
			this.dictionaries.put(encoding.getId(), new Dictionary(vector, encoding));
			vector.allocateNew(merged.size());
			int code = 0;
			for (String value : merged.keySet()) {
				vector.setSafe(code++, value.getBytes(StandardCharsets.UTF_8));
			}
			vector.setValueCount(merged.size());
		}
	}

	/**
	 * Why a shard's stream failed while it was read, if it did.
	 * @return the failure, or {@code null}
	 */
	IOException failure() {
		return this.failure;
	}

	/**
	 * Closes the shards' streams from any thread: a read blocked on one fails at once.
	 */
	void abort() {
		this.bodies.forEach(ShardStreams::closeQuietly);
	}

	@Override
	public VectorSchemaRoot getVectorSchemaRoot() {
		if (this.root == null) {
			this.root = VectorSchemaRoot.create(this.schema, this.allocator);
		}
		return this.root;
	}

	@Override
	public boolean loadNextBatch() throws IOException {
		while (this.current < this.shards.size() && !this.pending[this.current]) {
			this.current++;
		}
		if (this.current == this.shards.size()) {
			return false;
		}
		VectorSchemaRoot in = this.shards.get(this.current).getVectorSchemaRoot();
		VectorSchemaRoot out = getVectorSchemaRoot();
		int rows = in.getRowCount();
		for (int column = 0; column < this.schema.getFields().size(); column++) {
			FieldVector from = in.getVector(column);
			FieldVector to = out.getVector(column);
			int[] translation = this.codes[this.current][column];
			if (translation == null) {
				from.makeTransferPair(to).transfer();
				continue;
			}
			IntVector source = (IntVector) from;
			IntVector target = (IntVector) to;
			target.clear();
			target.allocateNew(rows);
			for (int row = 0; row < rows; row++) {
				target.set(row, translation[source.get(row)]);
			}
			target.setValueCount(rows);
		}
		out.setRowCount(rows);
		this.pending[this.current] = read(this.current);
		return true;
	}

	private boolean read(int shard) throws IOException {
		try {
			return this.shards.get(shard).loadNextBatch();
		}
		catch (IOException ex) {
			this.failure = ex;
			throw ex;
		}
	}

	@Override
	protected Schema readSchema() {
		return this.schema;
	}

	@Override
	public long bytesRead() {
		return this.shards.stream().mapToLong(ArrowStreamReader::bytesRead).sum();
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
		if (this.root != null) {
			this.root.close();
		}
		this.dictionaries.values().forEach((dictionary) -> dictionary.getVector().close());
		for (ArrowStreamReader shard : this.shards) {
			try {
				shard.close();
			}
			catch (IOException ex) {
				// its stream is gone already
			}
		}
		abort();
	}

}
