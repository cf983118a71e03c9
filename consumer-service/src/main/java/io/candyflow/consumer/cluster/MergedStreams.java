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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

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
 * The shards are asked when the first batch (or {@link #open()}) is: DuckDB reads a
 * table's schema when it is registered, and a query that never scans the table costs the
 * shards nothing. Until then the dictionaries have no values, which is all a schema
 * needs. The shards must send the schema given, save for the names of its fields.
 */
final class MergedStreams extends ArrowReader {

	private final Schema schema;

	private final Supplier<ShardStreams.Gathered> source;

	/** The shards' streams, once asked: closed from any thread by {@link #abort()}. */
	private final List<InputStream> bodies = new CopyOnWriteArrayList<>();

	private final List<ArrowStreamReader> shards = new ArrayList<>();

	private final Map<Long, Dictionary> dictionaries = new HashMap<>();

	/** Whether each shard has a batch read and not yet handed on. */
	private boolean[] pending = new boolean[0];

	/** For each shard and dictionary-encoded column, the merged code of each code. */
	private int[][][] codes;

	private List<Integer> partitions = List.of();

	private VectorSchemaRoot root;

	private boolean opened;

	private boolean closed;

	private int current;

	private volatile boolean aborted;

	private volatile Exception failure;

	/**
	 * A reader of the shards' streams, not asked yet.
	 * @param source asks the shards: their streams are taken over, closed with this
	 * reader
	 * @param schema the columns, in memory format (dictionary-encoded ones as int32
	 * codes)
	 * @param allocator where the batches are read into
	 */
	MergedStreams(Supplier<ShardStreams.Gathered> source, Schema schema, BufferAllocator allocator) {
		super(allocator);
		this.schema = schema;
		this.source = source;
		for (Field field : schema.getFields()) {
			if (field.getDictionary() != null) {
				VarCharVector none = new VarCharVector(field.getName(), allocator);
				none.setValueCount(0);
				this.dictionaries.put(field.getDictionary().getId(), new Dictionary(none, field.getDictionary()));
			}
		}
	}

	/**
	 * Asks the shards, if not yet, and reads each one's dictionaries and first batch.
	 * @throws IOException if a shard's stream fails or is not of this schema
	 * @throws org.springframework.web.ErrorResponseException if some partition cannot be
	 * had now (a 503)
	 */
	synchronized void open() throws IOException {
		if (this.opened) {
			return;
		}
		this.opened = true;
		try {
			if (this.closed || this.aborted) {
				throw new IOException("Stopped before the shards were asked");
			}
			ShardStreams.Gathered gathered = this.source.get();
			this.bodies.addAll(gathered.bodies());
			this.partitions = gathered.partitions();
			if (this.aborted) {
				abort();
			}
			for (InputStream body : gathered.bodies()) {
				this.shards.add(new ArrowStreamReader(body, this.allocator));
			}
			this.pending = new boolean[this.shards.size()];
			this.codes = new int[this.shards.size()][][];
			for (int i = 0; i < this.shards.size(); i++) {
				requireSchema(this.shards.get(i).getVectorSchemaRoot().getSchema());
				this.pending[i] = read(i);
			}
			mergeDictionaries();
		}
		catch (IOException | RuntimeException ex) {
			this.failure = ex;
			throw ex;
		}
	}

	/**
	 * The partitions the shards' streams cover, once opened.
	 * @return them, in order
	 */
	List<Integer> partitions() {
		return this.partitions;
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
			this.dictionaries.put(encoding.getId(), new Dictionary(vector, encoding)).getVector().close();
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
	Exception failure() {
		return this.failure;
	}

	/**
	 * Closes the shards' streams from any thread: a read blocked on one fails at once.
	 */
	void abort() {
		this.aborted = true;
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
		open();
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
			if (this.shards.get(shard).loadNextBatch()) {
				return true;
			}
			// the end-of-stream marker is a whole stream's only if the body ends there
			// too: a shard that failed after it would cut the body short
			if (this.bodies.get(shard).read() != -1) {
				throw new IOException("A shard sent more after the end of its stream");
			}
			return false;
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

	/**
	 * Closes the batches, the dictionaries and the shards' streams.
	 */
	@Override
	public void close() {
		try {
			super.close();
		}
		catch (IOException ex) {
			// closeReadSource throws none
			throw new IllegalStateException(ex);
		}
	}

	@Override
	protected synchronized void closeReadSource() {
		if (this.closed) {
			return;
		}
		this.closed = true;
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
