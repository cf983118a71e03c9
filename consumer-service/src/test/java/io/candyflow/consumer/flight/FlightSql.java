package io.candyflow.consumer.flight;

import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClientMiddleware;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;

/**
 * Arrow's own Flight SQL client on a test's server, reading answers as rows of
 * {@code getObject} values, dictionary codes looked up.
 */
final class FlightSql implements AutoCloseable {

	private final FlightClient client;

	private final FlightSqlClient sql;

	FlightSql(BufferAllocator allocator, int port) {
		this(allocator, port, null);
	}

	/**
	 * With {@code Authorization: Bearer <token>} on every call, if a token is given.
	 */
	FlightSql(BufferAllocator allocator, int port, String token) {
		FlightClient.Builder builder = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", port));
		if (token != null) {
			builder.intercept((info) -> new FlightClientMiddleware() {

				@Override
				public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
					outgoingHeaders.insert("authorization", "Bearer " + token);
				}

				@Override
				public void onHeadersReceived(CallHeaders incomingHeaders) {
				}

				@Override
				public void onCallCompleted(CallStatus status) {
				}

			});
		}
		this.client = builder.build();
		this.sql = new FlightSqlClient(this.client);
	}

	FlightClient client() {
		return this.client;
	}

	FlightSqlClient sql() {
		return this.sql;
	}

	/**
	 * Runs a statement and reads every row of every endpoint.
	 */
	List<List<Object>> query(String query) throws Exception {
		return rows(this.sql.execute(query));
	}

	List<List<Object>> rows(FlightInfo info) throws Exception {
		List<List<Object>> rows = new ArrayList<>();
		for (FlightEndpoint endpoint : info.getEndpoints()) {
			try (FlightStream stream = this.sql.getStream(endpoint.getTicket())) {
				while (stream.next()) {
					VectorSchemaRoot root = stream.getRoot();
					for (int row = 0; row < root.getRowCount(); row++) {
						List<Object> values = new ArrayList<>();
						for (int column = 0; column < root.getFieldVectors().size(); column++) {
							FieldVector vector = root.getVector(column);
							Object value = vector.getObject(row);
							DictionaryEncoding encoding = vector.getField().getDictionary();
							if (encoding != null && value != null) {
								value = stream.getDictionaryProvider()
									.lookup(encoding.getId())
									.getVector()
									.getObject(((Number) value).intValue());
							}
							values.add((value instanceof org.apache.arrow.vector.util.Text text) ? text.toString()
									: value);
						}
						rows.add(values);
					}
				}
			}
		}
		return rows;
	}

	@Override
	public void close() throws Exception {
		this.sql.close();
	}

}
