package io.candyflow.consumer.live;

import java.io.IOException;

/**
 * Where one client's events go: a WebFlux response in the service, a recording fake in
 * the tests.
 */
interface EventSink {

	/**
	 * Writes one event and flushes it; may block while the client does not read.
	 * @param event the event, or {@link StreamEvent#HEARTBEAT}
	 * @throws IOException if the client is gone
	 */
	void send(StreamEvent event) throws IOException;

	/**
	 * Ends the response. Only called when no {@link #send} is running.
	 */
	void close();

	/**
	 * Ends the response at once, for a client that was dropped: what it has not taken yet
	 * is thrown away rather than waited for. Only called when no {@link #send} is
	 * running.
	 */
	void abort();

}
