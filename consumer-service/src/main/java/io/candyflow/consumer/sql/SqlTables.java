package io.candyflow.consumer.sql;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Where a query's two tables come from: in full mode one snapshot of the local store; in
 * sharded mode every shard's, gathered over the network.
 */
public interface SqlTables {

	/**
	 * The tables of one query.
	 * @param allocator the memory their batches are read into
	 * @return the tables, closed by the engine once the query is done
	 * @throws org.springframework.web.ErrorResponseException if they cannot be had now (a
	 * 503 with {@code Retry-After})
	 */
	Tables open(BufferAllocator allocator);

	/**
	 * The tables of one query. The engine takes over each reader it asks for: it is
	 * closed when DuckDB lets go of it.
	 */
	interface Tables extends AutoCloseable {

		ArrowReader history();

		ArrowReader offers();

		/**
		 * Stops reading now, from any thread: the query ran past its timeout. A reader
		 * blocked on the network fails at once.
		 */
		default void abort() {
		}

		/**
		 * Why the query failed if it failed because of the tables (a shard lost while it
		 * was read), rather than because of its SQL.
		 * @return the answer to give instead of DuckDB's error, or {@code null}
		 */
		default RuntimeException failure() {
			return null;
		}

		/**
		 * Lets go of what the tables hold, once DuckDB let go of the readers.
		 */
		@Override
		void close();

	}

}
