package io.candyflow.consumer.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.candyflow.consumer.store.PriceStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.duckdb.DuckDBInterrupts;
import org.duckdb.DuckDBResultSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.ErrorResponseException;

/**
 * SQL on the live store: an in-process DuckDB that scans the store's Arrow chunks through
 * the C Data Interface, sandboxed.
 * <p>
 * Each query gets a connection of its own and its {@link SqlTables}: in full mode a
 * snapshot of the store. Both tables are registered on that connection as Arrow streams
 * over the snapshot, so the query sees one published state, and the snapshot's chunks
 * stay referenced until the connection, and with it every Arrow array DuckDB still holds,
 * is gone. In sharded mode the tables are every shard's, read over the network as the
 * query scans them. The result comes back as Arrow too ({@code arrowExportStream}),
 * streamed, so a capped result never computes more than the rows it returns.
 * <p>
 * The sandbox: the database has no external access (files, network), no extension
 * installing or loading, and its configuration is locked, so no query can lift a limit;
 * {@link StatementCheck} lets through one SELECT only; each query has a timeout, after
 * which it is interrupted, and a row cap; DuckDB's memory and threads are bounded, and so
 * is the number of queries at once.
 */
public final class SqlEngine implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SqlEngine.class);

	private static final String RELEASED = "This stream has been released";

	private final SqlTables tables;

	private final BufferAllocator allocator;

	private final SqlProperties properties;

	private final Semaphore running;

	private final ScheduledExecutorService alarms;

	private final MeterRegistry registry;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	private volatile DuckDBConnection database;

	SqlEngine(PriceStore store, BufferAllocator parent, SqlProperties properties, MeterRegistry registry) {
		this(new StoreTables(store), parent, properties, registry);
	}

	SqlEngine(SqlTables tables, BufferAllocator parent, SqlProperties properties, MeterRegistry registry) {
		this.tables = tables;
		this.properties = properties;
		this.registry = registry;
		this.running = new Semaphore(properties.maxConcurrentQueries());
		this.alarms = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sql-timeout");
			thread.setDaemon(true);
			return thread;
		});
		// the tables handed to DuckDB (dictionaries, offers; the history's buffers stay
		// the store's) and the results it hands back
		this.allocator = parent.newChildAllocator("sql", 0, parent.getLimit());
		try {
			this.database = open(properties);
		}
		catch (SQLException ex) {
			this.allocator.close();
			throw new IllegalStateException("DuckDB did not start: " + ex.getMessage(), ex);
		}
		for (String outcome : List.of("success", "invalid", "timeout", "rejected", "unavailable")) {
			timer(outcome);
		}
	}

	private static DuckDBConnection open(SqlProperties properties) throws SQLException {
		Properties settings = new Properties();
		settings.setProperty("enable_external_access", "false");
		settings.setProperty("autoinstall_known_extensions", "false");
		settings.setProperty("autoload_known_extensions", "false");
		settings.setProperty("allow_community_extensions", "false");
		settings.setProperty("allow_unsigned_extensions", "false");
		settings.setProperty("memory_limit", properties.memoryLimit().toMegabytes() + "MB");
		settings.setProperty("threads", Integer.toString(properties.threads()));
		// nothing spills to disk: a query that does not fit runs out of memory
		settings.setProperty("temp_directory", "");
		settings.setProperty("max_temp_directory_size", "0B");
		settings.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
		settings.setProperty("lock_configuration", "true");
		return (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:", settings);
	}

	/**
	 * Reads a query's result, batch by batch, while the query runs.
	 *
	 * @param <T> what is made of the result
	 */
	@FunctionalInterface
	public interface Results<T> {

		/**
		 * Called once, on the query's thread, with the tables and the connection still
		 * open; the query's timeout interrupts DuckDB meanwhile.
		 * @param batches DuckDB's Arrow result, not yet read (its root holds the schema)
		 * @param types DuckDB's name of each column's type
		 * @return what the caller gets
		 * @throws IOException if reading or writing the result fails
		 */
		T read(ArrowReader batches, List<String> types) throws IOException;

	}

	/**
	 * Runs one query.
	 * @param sql the SQL text, untrusted
	 * @param format the answer's format
	 * @return the answer
	 * @throws SqlProblem whatever the query did wrong, or 503 if too many run already
	 */
	SqlResult query(String sql, ResultFormat format) {
		return query(sql, (batches, types) -> write(batches, types, format));
	}

	/**
	 * Runs one query and hands its result to {@code results}.
	 * @param <T> what is made of the result
	 * @param sql the SQL text, untrusted
	 * @param results reads the result
	 * @return what {@code results} made of it
	 * @throws org.springframework.web.ErrorResponseException whatever the query did wrong
	 * (4xx), or 503 if too many run already; its status and detail say which
	 */
	public <T> T query(String sql, Results<T> results) {
		requireSize(sql);
		return measured(() -> execute(sql, (connection, timedOut) -> run(connection, sql, results)), true);
	}

	/**
	 * The schema of a query's result, as DuckDB would hand it back, without running the
	 * query: the same query under {@code LIMIT 0}, which DuckDB answers without scanning.
	 * It takes a place among the queries running at once, but is not timed as a query.
	 * @param sql the SQL text, untrusted
	 * @return the Arrow schema of its result
	 * @throws org.springframework.web.ErrorResponseException as
	 * {@link #query(String, Results)}
	 */
	public Schema schema(String sql) {
		requireSize(sql);
		return measured(() -> execute(sql, (connection, timedOut) -> schemaOf(connection, sql, timedOut)), false);
	}

	/**
	 * The limits queries run under.
	 */
	public SqlProperties properties() {
		return this.properties;
	}

	/**
	 * The size rule of {@code candyflow.sql.max-query-size}, for texts that did not come
	 * through {@code POST /sql}'s bounded body (a Flight command, a ticket).
	 */
	private void requireSize(String sql) {
		long max = this.properties.maxQuerySize().toBytes();
		if (sql.length() > max || sql.getBytes(StandardCharsets.UTF_8).length > max) {
			throw SqlProblem.tooLarge(max);
		}
	}

	/**
	 * Runs {@code query} in one of the places of {@code max-concurrent-queries}, timed as
	 * {@code candyflow.sql.queries} if {@code timed} (a rejection is always counted).
	 */
	private <T> T measured(Supplier<T> query, boolean timed) {
		long start = System.nanoTime();
		if (!this.running.tryAcquire()) {
			timer("rejected").record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			throw SqlProblem.busy(this.properties.maxConcurrentQueries());
		}
		String outcome = "error";
		try {
			T result = query.get();
			outcome = "success";
			return result;
		}
		catch (SqlProblem ex) {
			outcome = ex.outcome();
			throw ex;
		}
		catch (ErrorResponseException ex) {
			// the tables could not be had (sharded mode: a partition without a ready
			// owner)
			outcome = "unavailable";
			throw ex;
		}
		finally {
			this.running.release();
			if (timed) {
				timer(outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			}
		}
	}

	/**
	 * What runs on a query's connection, with both tables registered.
	 */
	@FunctionalInterface
	private interface Work<T> {

		T run(DuckDBConnection connection, AtomicBoolean timedOut) throws SQLException, IOException;

	}

	private <T> T execute(String sql, Work<T> work) {
		AtomicBoolean timedOut = new AtomicBoolean();
		AtomicReference<SqlTables.Tables> opened = new AtomicReference<>();
		List<ArrowArrayStream> streams = new ArrayList<>(2);
		try {
			try (DuckDBConnection connection = (DuckDBConnection) this.database.duplicate()) {
				ScheduledFuture<?> alarm = this.alarms.schedule(() -> {
					interrupt(connection, timedOut);
					SqlTables.Tables tables = opened.get();
					if (tables != null) {
						tables.abort();
					}
				}, this.properties.timeout().toNanos(), TimeUnit.NANOSECONDS);
				try {
					StatementCheck.requireOneSelect(connection, sql);
					SqlTables.Tables tables = this.tables.open(this.allocator);
					opened.set(tables);
					register(connection, "history", tables.history(), streams);
					register(connection, "offers", tables.offers(), streams);
					return work.run(connection, timedOut);
				}
				finally {
					alarm.cancel(false);
				}
			}
		}
		catch (SQLException | IOException ex) {
			if (timedOut.get()) {
				throw SqlProblem.timedOut(this.properties.timeout());
			}
			SqlTables.Tables tables = opened.get();
			if (tables != null && tables.failure() != null) {
				throw tables.failure();
			}
			String message = message(ex);
			if (message.contains("database has been invalidated")) {
				reopen();
			}
			throw SqlProblem.invalid(message);
		}
		catch (DateTimeException | ArithmeticException ex) {
			// a value DuckDB has and java.time has not: TIME '24:00:00', an infinite
			// timestamp
			throw SqlProblem
				.invalid("A value of the answer has no form here (" + ex.getMessage() + "); cast it to VARCHAR");
		}
		finally {
			// The connection is closed: DuckDB let go of every stream it took. Those it
			// never took (the query failed first, or read only one table) are released
			// here. Only then can the chunks go.
			for (ArrowArrayStream stream : streams) {
				if (stream.snapshot().release != 0) {
					stream.release();
				}
				stream.close();
			}
			SqlTables.Tables tables = opened.get();
			if (tables != null) {
				tables.close();
			}
		}
	}

	private void register(DuckDBConnection connection, String table, ArrowReader reader, List<ArrowArrayStream> streams)
			throws SQLException {
		ArrowArrayStream stream;
		try {
			stream = ArrowArrayStream.allocateNew(this.allocator);
		}
		catch (RuntimeException ex) {
			close(reader);
			throw ex;
		}
		try {
			// the stream owns the reader from here on, and closes it when released
			Data.exportArrayStream(this.allocator, reader, stream);
		}
		catch (RuntimeException ex) {
			stream.close();
			throw ex;
		}
		streams.add(stream);
		connection.registerArrowStream(table, stream);
	}

	private <T> T run(DuckDBConnection connection, String sql, Results<T> results) throws SQLException, IOException {
		try (PreparedStatement statement = connection.prepareStatement(sql);
				DuckDBResultSet result = (DuckDBResultSet) statement.executeQuery();
				ArrowReader batches = (ArrowReader) result.arrowExportStream(this.allocator,
						Math.min(this.properties.maxRows() + 1, 8192))) {
			ResultSetMetaData metadata = result.getMetaData();
			List<String> types = new ArrayList<>();
			for (int i = 1; i <= metadata.getColumnCount(); i++) {
				types.add(metadata.getColumnTypeName(i));
			}
			return results.read(batches, types);
		}
	}

	/**
	 * The schema DuckDB's result of {@code sql} would have: the types of the query under
	 * {@code LIMIT 0} (which renames repeated column names, as a subquery does), the
	 * names of the query itself (prepared, not run). A query DuckDB cannot put under
	 * {@code LIMIT 0} runs for its schema, or its error.
	 */
	private Schema schemaOf(DuckDBConnection connection, String sql, AtomicBoolean timedOut)
			throws SQLException, IOException {
		try {
			String wrapped = withoutRows(connection, sql);
			if (wrapped != null) {
				List<String> names = new ArrayList<>();
				try (PreparedStatement prepared = connection.prepareStatement(sql)) {
					ResultSetMetaData metadata = prepared.getMetaData();
					for (int i = 1; i <= metadata.getColumnCount(); i++) {
						names.add(metadata.getColumnName(i));
					}
				}
				Schema schema = run(connection, wrapped, (batches, types) -> batches.getVectorSchemaRoot().getSchema());
				List<Field> fields = new ArrayList<>();
				for (int i = 0; i < schema.getFields().size(); i++) {
					Field field = schema.getFields().get(i);
					fields.add(new Field(names.get(i), field.getFieldType(), field.getChildren()));
				}
				return new Schema(fields, schema.getCustomMetadata());
			}
		}
		catch (SQLException ex) {
			if (timedOut.get()) {
				throw ex;
			}
		}
		return run(connection, sql, (batches, types) -> batches.getVectorSchemaRoot().getSchema());
	}

	/**
	 * The query with no rows: its text as DuckDB's parser gives it back (no comments, no
	 * semicolon) as a subquery under {@code LIMIT 0}. The text was checked to be one
	 * SELECT, and what is put around it is DuckDB's own rendering of it.
	 */
	private static String withoutRows(DuckDBConnection connection, String sql) throws SQLException {
		String wrapped;
		try (PreparedStatement canonical = connection
			.prepareStatement("SELECT json_deserialize_sql(json_serialize_sql(?::VARCHAR))")) {
			canonical.setString(1, sql);
			try (ResultSet result = canonical.executeQuery()) {
				result.next();
				wrapped = "SELECT * FROM (" + result.getString(1) + ") LIMIT 0";
			}
		}
		try {
			// checked as every text that runs is
			StatementCheck.requireOneSelect(connection, wrapped);
			return wrapped;
		}
		catch (SqlProblem ex) {
			return null;
		}
	}

	private SqlResult write(ArrowReader batches, List<String> types, ResultFormat format) throws IOException {
		int maxRows = this.properties.maxRows();
		BoundedOutput body = new BoundedOutput(this.properties.maxResultSize().toBytes());
		ResultFormat.Writer writer = format.open(body);
		writer.start(batches.getVectorSchemaRoot(), types, batches);
		int rows = 0;
		boolean truncated = false;
		while (batches.loadNextBatch()) {
			int batch = batches.getVectorSchemaRoot().getRowCount();
			int take = Math.min(batch, maxRows - rows);
			if (take > 0) {
				writer.batch(take);
				rows += take;
			}
			if (take < batch) {
				truncated = true;
				break;
			}
		}
		writer.finish(truncated);
		return new SqlResult(body.toByteArray(), format, rows, truncated);
	}

	private void interrupt(DuckDBConnection connection, AtomicBoolean timedOut) {
		timedOut.set(true);
		try {
			DuckDBInterrupts.interrupt(connection);
		}
		catch (SQLException ex) {
			// closed meanwhile: the query is over
		}
	}

	/**
	 * DuckDB's message, as the problem's detail: the first line of a Java exception that
	 * came through an Arrow stream, and no stack trace ever.
	 */
	private static String message(Exception ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		message = message.replaceFirst("^\\[errno \\d+\\] ", "");
		int trace = message.indexOf("\n\tat ");
		if (trace >= 0) {
			message = message.substring(0, trace);
		}
		if (message.contains(RELEASED)) {
			return "A query can read each of history and offers once (this one reads one of them twice): "
					+ "join a table with itself through a window function, or through "
					+ "WITH h AS MATERIALIZED (SELECT ... FROM history) ... (" + message.strip() + ")";
		}
		return message.strip();
	}

	private synchronized void reopen() {
		logger.warn("DuckDB invalidated its database after an internal error; opening a new one");
		DuckDBConnection old = this.database;
		try {
			this.database = open(this.properties);
			old.close();
		}
		catch (SQLException ex) {
			logger.warn("Reopening DuckDB failed: {}", ex.getMessage());
		}
	}

	private Timer timer(String outcome) {
		return this.timers.computeIfAbsent(outcome,
				(key) -> Timer.builder("candyflow.sql.queries")
					.description("SQL queries, by outcome")
					.tag("outcome", key)
					.register(this.registry));
	}

	private static void close(ArrowReader reader) {
		try {
			reader.close();
		}
		catch (IOException ex) {
			// nothing was read from it
		}
	}

	/**
	 * The SQL allocator's memory in use: the tables handed to DuckDB and the results it
	 * handed back, zero between queries.
	 */
	long allocatedBytes() {
		return this.allocator.getAllocatedMemory();
	}

	long peakBytes() {
		return this.allocator.getPeakMemoryAllocation();
	}

	@Override
	public void close() throws SQLException {
		this.alarms.shutdownNow();
		this.database.close();
		this.allocator.close();
	}

}
