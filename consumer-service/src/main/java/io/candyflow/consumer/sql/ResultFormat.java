package io.candyflow.consumer.sql;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import org.springframework.http.MediaType;
import org.springframework.util.MimeTypeUtils;

/**
 * The formats of a query's answer, chosen by {@code Accept}, each written batch by batch
 * from the Arrow result DuckDB hands back.
 */
enum ResultFormat {

	/**
	 * {@code {"columns":[{"name","type"}],"rows":[[...]],"truncated":bool}}.
	 */
	JSON(MediaType.APPLICATION_JSON) {
		@Override
		Writer open(OutputStream out) {
			return new JsonWriter(out);
		}
	},

	/**
	 * RFC 4180 CSV with a header row; {@code truncated} is in a header of the response.
	 */
	CSV(new MediaType("text", "csv", StandardCharsets.UTF_8)) {
		@Override
		Writer open(OutputStream out) {
			return new CsvWriter(out);
		}
	},

	/**
	 * An Arrow IPC stream of DuckDB's own batches.
	 */
	ARROW(MediaType.parseMediaType(ResultFormat.ARROW_STREAM_VALUE)) {
		@Override
		Writer open(OutputStream out) {
			return new ArrowWriter(out);
		}
	};

	static final String ARROW_STREAM_VALUE = "application/vnd.apache.arrow.stream";

	private static final JsonFactory JSON_FACTORY = new JsonFactory();

	private final MediaType mediaType;

	ResultFormat(MediaType mediaType) {
		this.mediaType = mediaType;
	}

	MediaType mediaType() {
		return this.mediaType;
	}

	abstract Writer open(OutputStream out);

	/**
	 * The format for an {@code Accept} header: the first acceptable one in the client's
	 * order of preference, JSON for none or anything.
	 * @return the format, {@code null} if none is acceptable
	 */
	static ResultFormat forAccept(List<MediaType> accepted) {
		if (accepted.isEmpty()) {
			return JSON;
		}
		List<MediaType> preferred = new ArrayList<>(accepted);
		// quality first, then specificity: MediaType's order
		MimeTypeUtils.sortBySpecificity(preferred);
		for (MediaType type : preferred) {
			for (ResultFormat format : values()) {
				if (type.isCompatibleWith(format.mediaType)) {
					return format;
				}
			}
		}
		return null;
	}

	/**
	 * Writes one result.
	 */
	interface Writer {

		/**
		 * Before the first batch.
		 * @param root the root every batch will be loaded into
		 * @param types DuckDB's name of each column's type
		 * @param dictionaries the result's dictionaries
		 */
		void start(VectorSchemaRoot root, List<String> types, DictionaryProvider dictionaries) throws IOException;

		/**
		 * The first {@code rows} rows of the root as loaded now.
		 */
		void batch(int rows) throws IOException;

		void finish(boolean truncated) throws IOException;

	}

	private static final class JsonWriter implements Writer {

		private final JsonGenerator json;

		private VectorSchemaRoot root;

		private DictionaryProvider dictionaries;

		JsonWriter(OutputStream out) {
			this.json = JSON_FACTORY.createGenerator(ObjectWriteContext.empty(), out);
		}

		@Override
		public void start(VectorSchemaRoot root, List<String> types, DictionaryProvider dictionaries) {
			this.root = root;
			this.dictionaries = dictionaries;
			this.json.writeStartObject();
			this.json.writeName("columns");
			this.json.writeStartArray();
			for (int i = 0; i < types.size(); i++) {
				this.json.writeStartObject();
				this.json.writeStringProperty("name", root.getSchema().getFields().get(i).getName());
				this.json.writeStringProperty("type", types.get(i));
				this.json.writeEndObject();
			}
			this.json.writeEndArray();
			this.json.writeName("rows");
			this.json.writeStartArray();
		}

		@Override
		public void batch(int rows) {
			List<FieldVector> vectors = this.root.getFieldVectors();
			for (int row = 0; row < rows; row++) {
				this.json.writeStartArray();
				for (FieldVector vector : vectors) {
					write(this.json, Values.read(vector, row, this.dictionaries));
				}
				this.json.writeEndArray();
			}
		}

		@Override
		public void finish(boolean truncated) {
			this.json.writeEndArray();
			this.json.writeBooleanProperty("truncated", truncated);
			this.json.writeEndObject();
			this.json.close();
		}

	}

	private static final class CsvWriter implements Writer {

		private final java.io.Writer out;

		private VectorSchemaRoot root;

		private DictionaryProvider dictionaries;

		CsvWriter(OutputStream out) {
			this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		}

		@Override
		public void start(VectorSchemaRoot root, List<String> types, DictionaryProvider dictionaries)
				throws IOException {
			this.root = root;
			this.dictionaries = dictionaries;
			List<FieldVector> vectors = root.getFieldVectors();
			for (int i = 0; i < vectors.size(); i++) {
				field((i > 0) ? "," : "", vectors.get(i).getName());
			}
			this.out.write("\r\n");
		}

		@Override
		public void batch(int rows) throws IOException {
			List<FieldVector> vectors = this.root.getFieldVectors();
			for (int row = 0; row < rows; row++) {
				for (int i = 0; i < vectors.size(); i++) {
					Object value = Values.read(vectors.get(i), row, this.dictionaries);
					if (value instanceof List<?> || value instanceof Map<?, ?>) {
						StringWriter text = new StringWriter();
						try (JsonGenerator json = JSON_FACTORY.createGenerator(ObjectWriteContext.empty(), text)) {
							write(json, value);
						}
						value = text.toString();
					}
					field((i > 0) ? "," : "", (value != null) ? value.toString() : "");
				}
				this.out.write("\r\n");
			}
		}

		private void field(String separator, String text) throws IOException {
			this.out.write(separator);
			boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
					|| text.indexOf('\r') >= 0;
			if (quote) {
				this.out.write('"');
				this.out.write(text.replace("\"", "\"\""));
				this.out.write('"');
			}
			else {
				this.out.write(text);
			}
		}

		@Override
		public void finish(boolean truncated) throws IOException {
			this.out.flush();
		}

	}

	private static final class ArrowWriter implements Writer {

		private final OutputStream out;

		private VectorSchemaRoot root;

		private ArrowStreamWriter writer;

		ArrowWriter(OutputStream out) {
			this.out = out;
		}

		@Override
		public void start(VectorSchemaRoot root, List<String> types, DictionaryProvider dictionaries)
				throws IOException {
			this.root = root;
			this.writer = new ArrowStreamWriter(root, dictionaries, Channels.newChannel(this.out));
			this.writer.start();
		}

		@Override
		public void batch(int rows) throws IOException {
			if (rows < this.root.getRowCount()) {
				this.root.setRowCount(rows);
			}
			this.writer.writeBatch();
		}

		@Override
		public void finish(boolean truncated) throws IOException {
			this.writer.end();
			this.writer.close();
		}

	}

	static void write(JsonGenerator json, Object value) {
		if (value == null) {
			json.writeNull();
		}
		else if (value instanceof Boolean bool) {
			json.writeBoolean(bool);
		}
		else if (value instanceof java.math.BigDecimal decimal) {
			// plain, never 1E+3: the exact digits DuckDB computed
			json.writeNumber(decimal.toPlainString());
		}
		else if (value instanceof Double number) {
			json.writeNumber(number);
		}
		else if (value instanceof Number number) {
			json.writeNumber(number.toString());
		}
		else if (value instanceof List<?> list) {
			json.writeStartArray();
			for (Object element : list) {
				write(json, element);
			}
			json.writeEndArray();
		}
		else if (value instanceof Map<?, ?> map) {
			json.writeStartObject();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				json.writeName(String.valueOf(entry.getKey()));
				write(json, entry.getValue());
			}
			json.writeEndObject();
		}
		else {
			json.writeString(value.toString());
		}
	}

}
