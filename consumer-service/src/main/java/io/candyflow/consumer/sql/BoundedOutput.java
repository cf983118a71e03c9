package io.candyflow.consumer.sql;

import java.io.ByteArrayOutputStream;

/**
 * An answer's bytes, up to a limit: the result of a query is as untrusted as its text,
 * and {@code max-rows} alone bounds rows, not their size. Past the limit a write fails
 * with the problem the client gets.
 */
final class BoundedOutput extends ByteArrayOutputStream {

	private final long maxBytes;

	BoundedOutput(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	public synchronized void write(int b) {
		require(1);
		super.write(b);
	}

	@Override
	public synchronized void write(byte[] bytes, int offset, int length) {
		require(length);
		super.write(bytes, offset, length);
	}

	private void require(int more) {
		if (this.count + (long) more > this.maxBytes) {
			throw SqlProblem.resultTooLarge(this.maxBytes);
		}
	}

}
