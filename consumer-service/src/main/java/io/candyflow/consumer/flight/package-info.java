/**
 * Arrow Flight SQL on port 8815: the live tables for Arrow-native SQL clients (the Arrow
 * Flight SQL JDBC driver, and through it DBeaver and any JDBC tool; ADBC;
 * pyarrow.flight), answered by the same DuckDB engine as {@code POST /sql}, under the
 * same snapshot rule, sandbox and limits; and plain Flight {@code DoGet} of
 * {@code history} and {@code offers} without SQL.
 * <p>
 * A Flight call is untrusted input: every way it can fail is a Flight status with a clear
 * message ({@code INVALID_ARGUMENT} for SQL DuckDB or the sandbox rejects,
 * {@code RESOURCE_EXHAUSTED} past the concurrency bound, {@code TIMED_OUT}, which gRPC
 * clients see as {@code DEADLINE_EXCEEDED}, past the timeout), never an internal error.
 */
package io.candyflow.consumer.flight;
