package org.duckdb;

import java.sql.SQLException;

/**
 * Interrupts the query running on a DuckDB connection from another thread, whatever it is
 * doing. The driver's own {@code Statement.cancel()} only interrupts while
 * {@code execute} runs, not while a streamed result is being fetched through its Arrow
 * stream, which is where a streamed query does most of its work; and closing the
 * connection from another thread would free the result under the fetching thread.
 * DuckDB's interrupt is a flag its executor checks, safe from any thread; the driver
 * keeps it package-private, hence this class in its package.
 */
public final class DuckDBInterrupts {

	private DuckDBInterrupts() {
	}

	/**
	 * Interrupts the connection's running query, if any.
	 * @param connection the connection
	 * @throws SQLException if the connection is closed
	 */
	public static void interrupt(DuckDBConnection connection) throws SQLException {
		connection.connRefLock.lock();
		try {
			connection.interrupt();
		}
		finally {
			connection.connRefLock.unlock();
		}
	}

}
