package io.candyflow.consumer.live;

/**
 * One Server-Sent Event, its data already JSON.
 *
 * @param name the event name ({@code snapshot} or {@code update}), {@code null} for a
 * heartbeat comment
 * @param data the JSON data, {@code null} for a heartbeat
 */
record StreamEvent(String name, String data) {

	static final String SNAPSHOT = "snapshot";

	static final String UPDATE = "update";

	/**
	 * A comment line that keeps an idle stream open and shows whether the client is still
	 * there.
	 */
	static final StreamEvent HEARTBEAT = new StreamEvent(null, null);

	boolean isHeartbeat() {
		return this.name == null;
	}

}
