/**
 * SQL on the live table: {@code POST /sql}, answered by an in-process DuckDB that scans
 * the store's Arrow chunks in place, through the Arrow C Data Interface, and hands its
 * results back as Arrow.
 * <p>
 * The tables: {@code history(candy_id, store_id, price DECIMAL(11,2), ts TIMESTAMPTZ)},
 * every update the store keeps, and {@code offers} with the same columns, the current
 * offer of every (candy, store). A query sees both as one publish of the store left them
 * ({@code StoreSnapshot}).
 * <p>
 * A query is untrusted input; {@link io.candyflow.consumer.sql.SqlEngine} says how it is
 * sandboxed. Every way it can fail is a problem+json answer: 400 for what DuckDB rejects,
 * 408 past the timeout, 413, 415 and 406 for the request's size and types, 503 when too
 * many queries run.
 */
package io.candyflow.consumer.sql;
