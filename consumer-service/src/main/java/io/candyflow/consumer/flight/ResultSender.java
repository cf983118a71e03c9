package io.candyflow.consumer.flight;

import java.io.IOException;

import io.candyflow.consumer.sql.SqlProperties;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Sends a query's result, DuckDB's own batches, under {@code /sql}'s limits: at most
 * {@code candyflow.sql.max-rows} rows (the rest is not computed), and at most
 * {@code max-result-size} bytes of Arrow buffers ({@code INVALID_ARGUMENT} past them, as
 * {@code /sql}'s 400).
 */
final class ResultSender {

	private final BatchSender sender;

	private final SqlProperties limits;

	ResultSender(BatchSender sender, SqlProperties limits) {
		this.sender = sender;
		this.limits = limits;
	}

	/**
	 * Sends the result.
	 * @param batches DuckDB's result
	 * @param endNanos when the query's time runs out ({@link System#nanoTime()}): a
	 * client that does not read holds a query no longer than it may run
	 */
	void send(ArrowReader batches, long endNanos) throws IOException {
		VectorSchemaRoot root = batches.getVectorSchemaRoot();
		long maxBytes = this.limits.maxResultSize().toBytes();
		int maxRows = this.limits.maxRows();
		int rows = 0;
		long bytes = 0;
		boolean started = false;
		while (rows < maxRows && !this.sender.cancelled() && batches.loadNextBatch()) {
			if (!started) {
				// after the first batch: a dictionary-encoded column (an ENUM) has its
				// dictionary only once a batch is loaded, and start() sends the
				// dictionaries
				this.sender.start(root, batches);
				started = true;
			}
			int take = Math.min(root.getRowCount(), maxRows - rows);
			if (take < root.getRowCount()) {
				root.setRowCount(take);
			}
			bytes += size(root);
			if (bytes > maxBytes) {
				throw FlightErrors
					.invalid("The answer would be larger than " + maxBytes + " bytes: select fewer rows or columns");
			}
			this.sender.send(endNanos);
			rows += take;
		}
		if (this.sender.cancelled()) {
			throw new BatchSender.ClientGone();
		}
		if (!started) {
			this.sender.start(root, batches);
		}
		this.sender.completed();
	}

	private static long size(VectorSchemaRoot root) {
		long bytes = 0;
		for (FieldVector vector : root.getFieldVectors()) {
			bytes += vector.getBufferSize();
		}
		return bytes;
	}

}
