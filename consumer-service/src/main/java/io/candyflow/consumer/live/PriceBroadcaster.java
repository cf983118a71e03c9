package io.candyflow.consumer.live;

import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.candyflow.consumer.store.PriceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fan-out of {@code /stream}: once per tick, reads the store if it moved and hands
 * each client at most one event with what changed since its last one.
 * <p>
 * Why a stalled client cannot hurt anyone: a sink's write returns only once the event's
 * bytes are in the socket ({@link ResponseEventSink}), so once the client's TCP receive
 * window and the server's send buffer are full, a write waits until the client reads or
 * the send timeout ends it. So:
 * <ul>
 * <li>the ticker never writes; it only decides, under a per-client lock held for
 * nanoseconds, and hands the write to the sender pool;</li>
 * <li>a client has at most one write queued or running, and nothing is buffered for it
 * meanwhile: its state is just the board version it last took, and when its write ends it
 * gets everything that changed since then in one event (so its memory is bounded by one
 * event, and a slow client sees fewer, bigger events);</li>
 * <li>a write still running after the send timeout gets the client dropped: it leaves the
 * fan-out at once (and is counted), and its connection is closed by the thread stuck in
 * the write when the write returns. The ticker never calls into a stalled sink;</li>
 * <li>a client's slot is freed only when its last write has returned, so the slots
 * ({@code max-clients}) also bound the sender threads, stuck ones included.</li>
 * </ul>
 * The Kafka listener is not involved at all: the ticker reads the store's published state
 * like any HTTP reader, a few times a second at most, and not at all while no client is
 * connected.
 */
final class PriceBroadcaster {

	private static final Logger logger = LoggerFactory.getLogger(PriceBroadcaster.class);

	/** How long a client waits before it reconnects to a stream that ended. */
	static final long RECONNECT_MILLIS = 2000;

	private final PriceStore store;

	private final JsonMapper json;

	private final Executor sender;

	private final Clock clock;

	private final LongSupplier nanoTime;

	private final int maxClients;

	private final long sendTimeoutNanos;

	private final long heartbeatNanos;

	private final Set<Client> clients = ConcurrentHashMap.newKeySet();

	private final AtomicInteger slots = new AtomicInteger();

	private final AtomicLong dropped = new AtomicLong();

	private final CandyBoard board = new CandyBoard();

	/** The store's ingested count when the board was last updated (ticker only). */
	private long seenIngested = -1;

	PriceBroadcaster(PriceStore store, JsonMapper json, StreamProperties properties, Executor sender, Clock clock,
			LongSupplier nanoTime) {
		this.store = store;
		this.json = json;
		this.sender = sender;
		this.clock = clock;
		this.nanoTime = nanoTime;
		this.maxClients = properties.maxClients();
		this.sendTimeoutNanos = properties.sendTimeout().toNanos();
		this.heartbeatNanos = properties.heartbeat().toNanos();
	}

	/**
	 * Admits a client; its first event, a snapshot of every candy, goes out at the next
	 * tick.
	 * @param sink where its events go
	 * @return the client, for {@link #disconnect}
	 * @throws TooManyClientsException if {@code max-clients} are connected
	 */
	Client connect(EventSink sink) {
		if (this.slots.incrementAndGet() > this.maxClients) {
			this.slots.decrementAndGet();
			throw new TooManyClientsException(this.maxClients);
		}
		Client client = new Client(sink);
		this.clients.add(client);
		return client;
	}

	/**
	 * Forgets a client whose response ended (it went away, or the container gave up).
	 * @param client the client
	 */
	void disconnect(Client client) {
		this.clients.remove(client);
		if (client.close()) {
			end(client);
		}
	}

	/**
	 * Brings the board up to date and hands every client that is due one event. Called by
	 * one thread at a time (the ticker, or a test).
	 */
	synchronized void tick() {
		if (this.clients.isEmpty()) {
			return;
		}
		long ingested = this.store.stats().ingested();
		if (ingested != this.seenIngested) {
			// the stats are published after the offers, so the summaries are at least as
			// new
			this.seenIngested = ingested;
			this.board.update(this.store.candies());
		}
		long now = this.nanoTime.getAsLong();
		long version = this.board.version();
		// one event per distinct starting point, shared by every client at that point
		Map<Long, StreamEvent> events = new HashMap<>();
		for (Client client : this.clients) {
			long from = client.due(now, version, this.sendTimeoutNanos, this.heartbeatNanos);
			if (from == Client.DROP) {
				this.clients.remove(client);
				countDrop();
				continue;
			}
			if (from == Client.NOTHING) {
				continue;
			}
			StreamEvent event = (from == version) ? StreamEvent.HEARTBEAT : events.computeIfAbsent(from, this::event);
			try {
				this.sender.execute(() -> send(client, event));
			}
			catch (RejectedExecutionException ex) {
				// shutting down
				disconnect(client);
			}
		}
	}

	private StreamEvent event(long from) {
		String data = this.json
			.writeValueAsString(CandyEvent.of(this.clock.millis() / 1000, this.board.changedSince(from)));
		return new StreamEvent((from < 0) ? StreamEvent.SNAPSHOT : StreamEvent.UPDATE, data);
	}

	private void countDrop() {
		this.dropped.incrementAndGet();
		logger.debug("Dropped a /stream client that did not take an event within {} ms",
				this.sendTimeoutNanos / 1_000_000);
	}

	private void send(Client client, StreamEvent event) {
		boolean ok = true;
		try {
			client.sink.send(event);
		}
		catch (IOException | RuntimeException ex) {
			ok = false;
		}
		long now = this.nanoTime.getAsLong();
		if (!ok) {
			this.clients.remove(client);
			// a sink that gives up on a write past the send timeout may notice before
			// the ticker does: a drop either way, counted once
			if (client.overdue(now, this.sendTimeoutNanos)) {
				countDrop();
			}
		}
		if (client.sent(now, ok)) {
			// dropped, failed or disconnected while writing: this thread ends it
			end(client);
		}
	}

	private void end(Client client) {
		try {
			if (client.wasDropped()) {
				// it did not take what it was sent: ending the stream would wait for it
				client.sink.abort();
			}
			else {
				client.sink.close();
			}
		}
		finally {
			this.slots.decrementAndGet();
		}
	}

	/**
	 * Ends every stream, so that the server's graceful shutdown does not wait for them.
	 */
	void closeAll() {
		for (Client client : this.clients) {
			disconnect(client);
		}
	}

	/** Clients being served now. */
	int clients() {
		return this.clients.size();
	}

	/** Clients dropped so far because a write did not finish within the send timeout. */
	long dropped() {
		return this.dropped.get();
	}

	/**
	 * One client's state: the board version of its last event and whether a write is
	 * under way. Guarded by its own monitor, held only to read or flip these fields,
	 * never while writing.
	 */
	static final class Client {

		/**
		 * What {@link #due} answers for a client whose write outlived the send timeout.
		 */
		static final long DROP = Long.MIN_VALUE;

		/** What {@link #due} answers for a client that gets nothing now. */
		static final long NOTHING = Long.MIN_VALUE + 1;

		private final EventSink sink;

		/** The board version the client has, -1 before its snapshot. */
		private long version = -1;

		private boolean writing;

		private long writeStarted;

		private long lastWrite;

		private boolean closed;

		private boolean dropped;

		private boolean ended;

		Client(EventSink sink) {
			this.sink = sink;
		}

		/**
		 * Decides whether the client gets an event now, and if so marks a write as under
		 * way.
		 * @return the version the event starts from (equal to {@code version} for a
		 * heartbeat), {@link #NOTHING}, or {@link #DROP} once
		 */
		synchronized long due(long now, long version, long sendTimeout, long heartbeat) {
			if (this.closed) {
				return NOTHING;
			}
			if (this.writing) {
				if (now - this.writeStarted > sendTimeout && !this.dropped) {
					// the write keeps its thread until it returns; then send() ends the
					// client
					this.closed = true;
					this.dropped = true;
					return DROP;
				}
				return NOTHING;
			}
			if (this.version == version && now - this.lastWrite < heartbeat) {
				return NOTHING;
			}
			long from = this.version;
			this.version = version;
			this.writing = true;
			this.writeStarted = now;
			return from;
		}

		/**
		 * Marks a client dropped whose failed write outlived the send timeout, unless the
		 * ticker did already.
		 * @return whether it is dropped now, and to be counted
		 */
		synchronized boolean overdue(long now, long sendTimeout) {
			if (this.dropped || !this.writing || now - this.writeStarted <= sendTimeout) {
				return false;
			}
			this.closed = true;
			this.dropped = true;
			return true;
		}

		synchronized boolean wasDropped() {
			return this.dropped;
		}

		/**
		 * Records that a write ended.
		 * @return whether the caller is to end the client now
		 */
		synchronized boolean sent(long now, boolean ok) {
			this.writing = false;
			this.lastWrite = now;
			this.closed |= !ok;
			return this.closed && end();
		}

		/**
		 * Marks the client closed.
		 * @return whether the caller is to end the client now (no write is under way)
		 */
		synchronized boolean close() {
			this.closed = true;
			return !this.writing && end();
		}

		/** True once: the one caller that closes the sink and frees the slot. */
		private boolean end() {
			boolean first = !this.ended;
			this.ended = true;
			return first;
		}

	}

}
