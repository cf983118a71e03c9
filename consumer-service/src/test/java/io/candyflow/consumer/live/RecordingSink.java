package io.candyflow.consumer.live;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client for the fan-out tests: records what it is sent and whether it was closed, and
 * can be made to stall in a write, like a browser that stopped reading.
 */
final class RecordingSink implements EventSink {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final List<StreamEvent> events = new CopyOnWriteArrayList<>();

	private final CountDownLatch unstall = new CountDownLatch(1);

	private volatile boolean stall;

	private volatile boolean fail;

	private volatile boolean writing;

	private volatile boolean closedWhileWriting;

	private volatile boolean closed;

	private volatile boolean aborted;

	/** From now on every write blocks until {@link #unstall()}. */
	RecordingSink stall() {
		this.stall = true;
		return this;
	}

	void unstall() {
		this.unstall.countDown();
	}

	/**
	 * The stalled write gives up with an error, as a sink with a timeout of its own does.
	 */
	void giveUp() {
		this.fail = true;
		this.unstall.countDown();
	}

	/** From now on every write fails, as when the client went away. */
	void fail() {
		this.fail = true;
	}

	@Override
	public void send(StreamEvent event) throws IOException {
		this.writing = true;
		try {
			this.events.add(event);
			if (this.fail) {
				throw new IOException("Broken pipe");
			}
			if (this.stall) {
				try {
					if (!this.unstall.await(30, TimeUnit.SECONDS) || this.fail) {
						throw new IOException("write timed out");
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException(ex);
				}
			}
		}
		finally {
			this.writing = false;
		}
	}

	@Override
	public void close() {
		this.closedWhileWriting |= this.writing;
		this.closed = true;
	}

	@Override
	public void abort() {
		this.aborted = true;
		close();
	}

	/** Whether the stream was ended at once, as for a dropped client. */
	boolean wasAborted() {
		return this.aborted;
	}

	List<StreamEvent> events() {
		return this.events;
	}

	/** The events other than heartbeats. */
	List<StreamEvent> data() {
		return this.events.stream().filter((event) -> !event.isHeartbeat()).toList();
	}

	boolean isClosed() {
		return this.closed;
	}

	boolean wasClosedWhileWriting() {
		return this.closedWhileWriting;
	}

	/** The candies of an event's data, by id: {@code {"Candy1": {"price": ...}}}. */
	static Map<String, JsonNode> candies(StreamEvent event) {
		Map<String, JsonNode> byId = new LinkedHashMap<>();
		for (JsonNode candy : json.readTree(event.data()).get("candies")) {
			byId.put(candy.get("candy_id").asString(), candy);
		}
		return byId;
	}

}
