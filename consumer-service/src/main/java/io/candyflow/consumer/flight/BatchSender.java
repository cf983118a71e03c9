package io.candyflow.consumer.flight;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * Sends a stream's batches as fast as its client reads them, and no faster: each batch
 * waits until gRPC can take it, so that nothing piles up in memory for a slow client, and
 * a client that reads nothing for the stall timeout, or has gone, ends the stream.
 * Batches are copied into gRPC's buffers (Flight's default), so the root can be loaded
 * with the next batch as soon as {@link #send()} returns.
 */
final class BatchSender {

	/** The client went away: the stream stops, nothing is left to send it. */
	static final class ClientGone extends RuntimeException {

		ClientGone() {
			super("The client cancelled the stream", null, false, false);
		}

	}

	/** How often a stalled stream looks again whether its client reads. */
	private static final long POLL_MILLIS = 5;

	private final ServerStreamListener listener;

	private final BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();

	private final long stallMillis;

	BatchSender(ServerStreamListener listener, Duration stallTimeout) {
		this.listener = listener;
		this.stallMillis = stallTimeout.toMillis();
		this.backpressure.register(listener);
	}

	void start(VectorSchemaRoot root, DictionaryProvider dictionaries) {
		this.listener.start(root, dictionaries);
	}

	/**
	 * Sends the root's content, once the client is ready for it.
	 * @throws ClientGone if the client cancelled
	 * @throws org.apache.arrow.flight.FlightRuntimeException {@code TIMED_OUT} if the
	 * client read nothing for the stall timeout
	 */
	void send() {
		send(Long.MAX_VALUE);
	}

	/**
	 * Sends the root's content, once the client is ready for it, waiting no later than
	 * {@code endNanos} (a {@link System#nanoTime()}).
	 * @throws ClientGone if the client cancelled
	 * @throws org.apache.arrow.flight.FlightRuntimeException {@code TIMED_OUT} if the
	 * client read nothing for the stall timeout, or {@code endNanos} came
	 */
	void send(long endNanos) {
		long stalled = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.stallMillis);
		// A short wait, again and again: this runs on the call's gRPC executor, the one
		// that would run the on-ready callback, so the callback never comes while a
		// stream
		// is sent; isReady() follows the transport by itself and is asked after each
		// wait.
		while (true) {
			switch (this.backpressure.waitForListener(POLL_MILLIS)) {
				case READY -> {
					this.listener.putNext();
					return;
				}
				case CANCELLED -> throw new ClientGone();
				default -> {
					long now = System.nanoTime();
					if (now - stalled >= 0) {
						throw CallStatus.TIMED_OUT
							.withDescription(
									"The client read nothing for " + this.stallMillis + " ms; the stream was ended")
							.toRuntimeException();
					}
					if (endNanos != Long.MAX_VALUE && now - endNanos >= 0) {
						throw CallStatus.TIMED_OUT
							.withDescription("The query's time ran out while its client was not reading; "
									+ "the stream was ended")
							.toRuntimeException();
					}
					if (Thread.currentThread().isInterrupted()) {
						// the server is stopping
						throw CallStatus.CANCELLED.withDescription("The server is stopping").toRuntimeException();
					}
				}
			}
		}
	}

	void completed() {
		this.listener.completed();
	}

	boolean cancelled() {
		return this.listener.isCancelled();
	}

}
