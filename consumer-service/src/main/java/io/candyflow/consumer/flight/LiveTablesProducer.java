package io.candyflow.consumer.flight;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.candyflow.consumer.sql.SqlEngine;
import io.candyflow.consumer.store.HistoryExporter;
import io.candyflow.consumer.store.OfferBatch;
import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.store.StoreSnapshot;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.BasicFlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Flight SQL over the SQL engine, and plain Flight over the store.
 * <p>
 * Statements are stateless: a statement's ticket, and a prepared statement's handle, is
 * its SQL text, so any instance can serve it and closing one frees nothing; the text is
 * checked again when it runs, as every input is. A query's schema is known before it runs
 * ({@link SqlEngine#schema(String)}), so that {@code GetFlightInfo} and prepared
 * statements describe their result. Results are DuckDB's own Arrow batches, sent as the
 * client reads them. Parameters, updates and transactions are not offered: the tables are
 * read-only.
 */
final class LiveTablesProducer extends BasicFlightSqlProducer {

	static final String SCHEMA_NAME = "main";

	static final List<String> TABLES = List.of(TableTicket.HISTORY, TableTicket.OFFERS);

	private static final String TABLE_TYPE = "TABLE";

	private static final int MAX_PATTERN = 256;

	/** At most this many offers per batch of {@code offers}. */
	private static final int OFFERS_PER_BATCH = 65_536;

	/** What GetSqlInfo answers; ids a client asks for beyond these are left out. */
	private static final Set<Integer> SQL_INFO = Set.of(FlightSql.SqlInfo.FLIGHT_SQL_SERVER_NAME_VALUE,
			FlightSql.SqlInfo.FLIGHT_SQL_SERVER_VERSION_VALUE, FlightSql.SqlInfo.FLIGHT_SQL_SERVER_ARROW_VERSION_VALUE,
			FlightSql.SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY_VALUE, FlightSql.SqlInfo.FLIGHT_SQL_SERVER_SQL_VALUE,
			FlightSql.SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT_VALUE, FlightSql.SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION_VALUE,
			FlightSql.SqlInfo.FLIGHT_SQL_SERVER_CANCEL_VALUE,
			FlightSql.SqlInfo.FLIGHT_SQL_SERVER_STATEMENT_TIMEOUT_VALUE,
			FlightSql.SqlInfo.SQL_IDENTIFIER_QUOTE_CHAR_VALUE, FlightSql.SqlInfo.SQL_SCHEMA_TERM_VALUE,
			FlightSql.SqlInfo.SQL_CATALOG_TERM_VALUE, FlightSql.SqlInfo.SQL_ALL_TABLES_ARE_SELECTABLE_VALUE,
			FlightSql.SqlInfo.SQL_SUPPORTS_COLUMN_ALIASING_VALUE);

	private static final String SQL_COMMANDS = "type.googleapis.com/arrow.flight.protocol.sql.";

	private final SqlEngine engine;

	private final PriceStore store;

	private final BufferAllocator allocator;

	private final FlightProperties properties;

	private final SqlInfoBuilder sqlInfo;

	LiveTablesProducer(SqlEngine engine, PriceStore store, BufferAllocator allocator, FlightProperties properties,
			String version) {
		this.engine = engine;
		this.store = store;
		this.allocator = allocator;
		this.properties = properties;
		this.sqlInfo = new SqlInfoBuilder().withFlightSqlServerName("CandyFlow")
			.withFlightSqlServerVersion(version)
			.withFlightSqlServerArrowVersion(FlightServerLifecycle.arrowVersion())
			.withFlightSqlServerReadOnly(true)
			.withFlightSqlServerSql(true)
			.withFlightSqlServerSubstrait(false)
			.withFlightSqlServerTransaction(FlightSql.SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
			.withFlightSqlServerCancel(false)
			.withFlightSqlServerStatementTimeout((int) engine.properties().timeout().toSeconds())
			.withSqlIdentifierQuoteChar("\"")
			.withSqlSchemaTerm("schema")
			.withSqlCatalogTerm("catalog")
			.withSqlAllTablesAreSelectable(true)
			.withSqlSupportsColumnAliasing(true);
	}

	// Statements

	@Override
	public FlightInfo getFlightInfoStatement(FlightSql.CommandStatementQuery command, CallContext context,
			FlightDescriptor descriptor) {
		String sql = command.getQuery();
		Ticket ticket = new Ticket(Any
			.pack(FlightSql.TicketStatementQuery.newBuilder().setStatementHandle(ByteString.copyFromUtf8(sql)).build())
			.toByteArray());
		return new FlightInfo(schema(sql), descriptor, List.of(new FlightEndpoint(ticket)), -1, -1);
	}

	@Override
	public SchemaResult getSchemaStatement(FlightSql.CommandStatementQuery command, CallContext context,
			FlightDescriptor descriptor) {
		return new SchemaResult(schema(command.getQuery()));
	}

	@Override
	public void getStreamStatement(FlightSql.TicketStatementQuery ticket, CallContext context,
			ServerStreamListener listener) {
		query(ticket.getStatementHandle().toStringUtf8(), listener);
	}

	@Override
	public void createPreparedStatement(FlightSql.ActionCreatePreparedStatementRequest request, CallContext context,
			StreamListener<Result> listener) {
		try {
			String sql = request.getQuery();
			FlightSql.ActionCreatePreparedStatementResult result = FlightSql.ActionCreatePreparedStatementResult
				.newBuilder()
				.setPreparedStatementHandle(ByteString.copyFromUtf8(sql))
				.setDatasetSchema(ByteString.copyFrom(schema(sql).serializeAsMessage()))
				.build();
			listener.onNext(new Result(Any.pack(result).toByteArray()));
			listener.onCompleted();
		}
		catch (RuntimeException ex) {
			listener.onError(FlightErrors.of(ex));
		}
	}

	@Override
	public void closePreparedStatement(FlightSql.ActionClosePreparedStatementRequest request, CallContext context,
			StreamListener<Result> listener) {
		// stateless: nothing is held for a prepared statement
		listener.onCompleted();
	}

	@Override
	public FlightInfo getFlightInfoPreparedStatement(FlightSql.CommandPreparedStatementQuery command,
			CallContext context, FlightDescriptor descriptor) {
		String sql = command.getPreparedStatementHandle().toStringUtf8();
		return new FlightInfo(schema(sql), descriptor,
				List.of(new FlightEndpoint(new Ticket(Any.pack(command).toByteArray()))), -1, -1);
	}

	@Override
	public SchemaResult getSchemaPreparedStatement(FlightSql.CommandPreparedStatementQuery command, CallContext context,
			FlightDescriptor descriptor) {
		return new SchemaResult(schema(command.getPreparedStatementHandle().toStringUtf8()));
	}

	@Override
	public void getStreamPreparedStatement(FlightSql.CommandPreparedStatementQuery command, CallContext context,
			ServerStreamListener listener) {
		query(command.getPreparedStatementHandle().toStringUtf8(), listener);
	}

	@Override
	public Runnable acceptPutStatement(FlightSql.CommandStatementUpdate command, CallContext context,
			FlightStream flightStream, StreamListener<PutResult> ackStream) {
		throw readOnly();
	}

	@Override
	public Runnable acceptPutPreparedStatementUpdate(FlightSql.CommandPreparedStatementUpdate command,
			CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
		throw readOnly();
	}

	@Override
	public Runnable acceptPutPreparedStatementQuery(FlightSql.CommandPreparedStatementQuery command,
			CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
		throw FlightErrors.invalid("Statement parameters are not supported: put the values in the SQL text");
	}

	@Override
	public Runnable acceptPutStatementBulkIngest(FlightSql.CommandStatementIngest command, CallContext context,
			FlightStream flightStream, StreamListener<PutResult> ackStream) {
		throw readOnly();
	}

	// Catalog metadata: no catalogs, one schema, two tables

	@Override
	public void getStreamSqlInfo(FlightSql.CommandGetSqlInfo command, CallContext context,
			ServerStreamListener listener) {
		List<Integer> asked = command.getInfoList();
		List<Integer> known = asked.stream().filter(SQL_INFO::contains).toList();
		if (!asked.isEmpty() && known.isEmpty()) {
			// none of them: an empty answer (an empty list would mean all)
			empty(Schemas.GET_SQL_INFO_SCHEMA, listener);
			return;
		}
		this.sqlInfo.send(known, listener);
	}

	// Keys and types: none (no keys; types as DuckDB's SQL names them in the schemas)

	@Override
	public void getStreamPrimaryKeys(FlightSql.CommandGetPrimaryKeys command, CallContext context,
			ServerStreamListener listener) {
		empty(Schemas.GET_PRIMARY_KEYS_SCHEMA, listener);
	}

	@Override
	public void getStreamExportedKeys(FlightSql.CommandGetExportedKeys command, CallContext context,
			ServerStreamListener listener) {
		empty(Schemas.GET_EXPORTED_KEYS_SCHEMA, listener);
	}

	@Override
	public void getStreamImportedKeys(FlightSql.CommandGetImportedKeys command, CallContext context,
			ServerStreamListener listener) {
		empty(Schemas.GET_IMPORTED_KEYS_SCHEMA, listener);
	}

	@Override
	public void getStreamCrossReference(FlightSql.CommandGetCrossReference command, CallContext context,
			ServerStreamListener listener) {
		empty(Schemas.GET_CROSS_REFERENCE_SCHEMA, listener);
	}

	@Override
	public void getStreamTypeInfo(FlightSql.CommandGetXdbcTypeInfo command, CallContext context,
			ServerStreamListener listener) {
		empty(Schemas.GET_TYPE_INFO_SCHEMA, listener);
	}

	private void empty(Schema schema, ServerStreamListener listener) {
		try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, this.allocator)) {
			root.setRowCount(0);
			listener.start(root);
			listener.putNext();
			listener.completed();
		}
	}

	@Override
	public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
		empty(Schemas.GET_CATALOGS_SCHEMA, listener);
	}

	@Override
	public void getStreamSchemas(FlightSql.CommandGetDbSchemas command, CallContext context,
			ServerStreamListener listener) {
		boolean matches = (!command.hasCatalog() || command.getCatalog().isEmpty())
				&& (!command.hasDbSchemaFilterPattern() || like(command.getDbSchemaFilterPattern(), SCHEMA_NAME));
		try (VectorSchemaRoot root = VectorSchemaRoot.create(Schemas.GET_SCHEMAS_SCHEMA, this.allocator)) {
			VarCharVector schemas = (VarCharVector) root.getVector("db_schema_name");
			root.allocateNew();
			if (matches) {
				schemas.setSafe(0, SCHEMA_NAME.getBytes(StandardCharsets.UTF_8));
			}
			root.setRowCount(matches ? 1 : 0);
			listener.start(root);
			listener.putNext();
			listener.completed();
		}
	}

	@Override
	public void getStreamTables(FlightSql.CommandGetTables command, CallContext context,
			ServerStreamListener listener) {
		List<String> tables = new ArrayList<>();
		boolean schemaMatches = (!command.hasCatalog() || command.getCatalog().isEmpty())
				&& (!command.hasDbSchemaFilterPattern() || like(command.getDbSchemaFilterPattern(), SCHEMA_NAME))
				&& (command.getTableTypesCount() == 0 || command.getTableTypesList().contains(TABLE_TYPE));
		for (String table : TABLES) {
			if (schemaMatches
					&& (!command.hasTableNameFilterPattern() || like(command.getTableNameFilterPattern(), table))) {
				tables.add(table);
			}
		}
		try {
			Schema schema = command.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA
					: Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
			try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, this.allocator)) {
				root.allocateNew();
				VarCharVector schemas = (VarCharVector) root.getVector("db_schema_name");
				VarCharVector names = (VarCharVector) root.getVector("table_name");
				VarCharVector types = (VarCharVector) root.getVector("table_type");
				for (int i = 0; i < tables.size(); i++) {
					schemas.setSafe(i, SCHEMA_NAME.getBytes(StandardCharsets.UTF_8));
					names.setSafe(i, tables.get(i).getBytes(StandardCharsets.UTF_8));
					types.setSafe(i, TABLE_TYPE.getBytes(StandardCharsets.UTF_8));
					if (command.getIncludeSchema()) {
						((VarBinaryVector) root.getVector("table_schema")).setSafe(i,
								schema("SELECT * FROM " + tables.get(i)).serializeAsMessage());
					}
				}
				root.setRowCount(tables.size());
				listener.start(root);
				listener.putNext();
				listener.completed();
			}
		}
		catch (RuntimeException ex) {
			listener.error(FlightErrors.of(ex));
		}
	}

	@Override
	public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
		try (VectorSchemaRoot root = VectorSchemaRoot.create(Schemas.GET_TABLE_TYPES_SCHEMA, this.allocator)) {
			root.allocateNew();
			((VarCharVector) root.getVector("table_type")).setSafe(0, TABLE_TYPE.getBytes(StandardCharsets.UTF_8));
			root.setRowCount(1);
			listener.start(root);
			listener.putNext();
			listener.completed();
		}
	}

	@Override
	protected <T extends Message> List<FlightEndpoint> determineEndpoints(T request, FlightDescriptor descriptor,
			Schema schema) {
		// the metadata commands: the ticket is the command, answered by getStream*
		return List.of(new FlightEndpoint(new Ticket(Any.pack(request).toByteArray())));
	}

	// Plain Flight: the tables by name

	@Override
	public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
		if (descriptor.isCommand()) {
			return super.getFlightInfo(context, descriptor);
		}
		if (descriptor.getPath().size() != 1) {
			throw FlightErrors.invalid("A path descriptor names one table: history or offers");
		}
		return tableInfo(TableTicket.parse(descriptor.getPath().get(0).getBytes(StandardCharsets.UTF_8)));
	}

	@Override
	public SchemaResult getSchema(CallContext context, FlightDescriptor descriptor) {
		if (descriptor.isCommand()) {
			return super.getSchema(context, descriptor);
		}
		return new SchemaResult(getFlightInfo(context, descriptor).getSchema());
	}

	@Override
	public Runnable acceptPut(CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
		if (!flightStream.getDescriptor().isCommand()) {
			throw readOnly();
		}
		return super.acceptPut(context, flightStream, ackStream);
	}

	@Override
	public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
		for (String table : TABLES) {
			listener.onNext(tableInfo(new TableTicket(table, null)));
		}
		listener.onCompleted();
	}

	@Override
	public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
		try {
			if (isSqlCommand(ticket.getBytes())) {
				super.getStream(context, ticket, listener);
				return;
			}
			TableTicket table = TableTicket.parse(ticket.getBytes());
			if (table.candyId() != null && !this.store.knows(table.candyId())) {
				throw CallStatus.NOT_FOUND.withDescription("Unknown candy: " + table.candyId()).toRuntimeException();
			}
			if (TableTicket.HISTORY.equals(table.table())) {
				history(table.candyId(), listener);
			}
			else {
				offers(table.candyId(), listener);
			}
		}
		catch (BatchSender.ClientGone ex) {
			// nobody to tell
		}
		catch (RuntimeException ex) {
			listener.error(FlightErrors.of(ex));
		}
	}

	private FlightInfo tableInfo(TableTicket table) {
		Schema schema = TableTicket.HISTORY.equals(table.table()) ? HistoryExporter.schema() : OfferBatch.SCHEMA;
		return new FlightInfo(schema, FlightDescriptor.path(table.toString()),
				List.of(new FlightEndpoint(table.toTicket())), -1, -1);
	}

	private void history(String candyId, ServerStreamListener listener) {
		// all its memory now, from the exports' budget: RESOURCE_EXHAUSTED before any
		// byte
		try (HistoryExporter export = this.store.openExport(candyId)) {
			BatchSender sender = new BatchSender(listener, this.properties.clientStallTimeout());
			export.write(new HistoryExporter.Batches() {

				@Override
				public void start(VectorSchemaRoot root, DictionaryProvider dictionaries) {
					sender.start(root, dictionaries);
				}

				@Override
				public void batch() {
					sender.send();
				}

			});
			sender.completed();
		}
		catch (IOException ex) {
			throw CallStatus.INTERNAL.withDescription("The export failed").withCause(ex).toRuntimeException();
		}
	}

	private void offers(String candyId, ServerStreamListener listener) {
		try (StoreSnapshot snapshot = this.store.snapshot()) {
			var offers = snapshot.offers()
				.stream()
				.filter((offer) -> candyId == null || offer.candyId().equals(candyId))
				.toList();
			BatchSender sender = new BatchSender(listener, this.properties.clientStallTimeout());
			try (VectorSchemaRoot root = VectorSchemaRoot.create(OfferBatch.SCHEMA, this.allocator)) {
				sender.start(root, null);
				for (int from = 0; from == 0 || from < offers.size(); from += OFFERS_PER_BATCH) {
					OfferBatch.load(root, offers.subList(from, Math.min(offers.size(), from + OFFERS_PER_BATCH)));
					sender.send();
				}
				sender.completed();
			}
		}
	}

	// The engine

	private void query(String sql, ServerStreamListener listener) {
		long end = System.nanoTime() + this.engine.properties().timeout().toNanos();
		try {
			this.engine.query(sql, (batches, types) -> {
				new ResultSender(new BatchSender(listener, this.properties.clientStallTimeout()),
						this.engine.properties())
					.send(batches, end);
				return null;
			});
		}
		catch (BatchSender.ClientGone ex) {
			// nobody to tell
		}
		catch (RuntimeException ex) {
			listener.error(FlightErrors.of(ex));
		}
	}

	private Schema schema(String sql) {
		try {
			return this.engine.schema(sql);
		}
		catch (RuntimeException ex) {
			throw FlightErrors.of(ex);
		}
	}

	private static boolean isSqlCommand(byte[] ticket) {
		try {
			return Any.parseFrom(ticket).getTypeUrl().startsWith(SQL_COMMANDS);
		}
		catch (InvalidProtocolBufferException ex) {
			return false;
		}
	}

	/**
	 * A Flight SQL filter pattern ({@code %} any run, {@code _} any one character, SQL's
	 * LIKE without escapes) against a name: linear, no regular expression, so that no
	 * pattern can make it backtrack for long.
	 */
	static boolean like(String pattern, String name) {
		if (pattern.length() > MAX_PATTERN) {
			throw FlightErrors.invalid("A filter pattern is at most " + MAX_PATTERN + " characters");
		}
		int p = 0;
		int n = 0;
		int star = -1;
		int resume = 0;
		while (n < name.length()) {
			if (p < pattern.length() && (pattern.charAt(p) == '_' || pattern.charAt(p) == name.charAt(n))) {
				p++;
				n++;
			}
			else if (p < pattern.length() && pattern.charAt(p) == '%') {
				star = p++;
				resume = n;
			}
			else if (star >= 0) {
				p = star + 1;
				n = ++resume;
			}
			else {
				return false;
			}
		}
		while (p < pattern.length() && pattern.charAt(p) == '%') {
			p++;
		}
		return p == pattern.length();
	}

	private static RuntimeException readOnly() {
		return FlightErrors.invalid("The tables are read-only: send one SELECT as a query");
	}

	@Override
	public void close() {
		// the engine, the store and the allocator are the application's
	}

}
