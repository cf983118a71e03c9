package io.candyflow.consumer.cluster;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-Sent Events out of the chunks of an upstream {@code /stream}, as the network cut
 * them: an event may span chunks, and a chunk may cut a UTF-8 character, so bytes are
 * kept until a blank line ends an event. Only what the local stream sends is understood:
 * {@code event:}, {@code data:}, {@code retry:} and comment lines. One reader per
 * upstream; not thread-safe.
 */
final class SseReader {

	private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

	/**
	 * Takes a chunk.
	 * @param chunk the next bytes of the stream
	 * @return the events it completed, in order; a block of comments only is a
	 * {@link Event#isComment() comment}
	 */
	List<Event> read(byte[] chunk) {
		List<Event> events = new ArrayList<>();
		int from = 0;
		for (int i = 0; i < chunk.length; i++) {
			if (chunk[i] != '\n') {
				continue;
			}
			this.pending.write(chunk, from, i + 1 - from);
			from = i + 1;
			byte[] bytes = this.pending.toByteArray();
			if (bytes.length == 1 || (bytes.length >= 2 && bytes[bytes.length - 2] == '\n')) {
				this.pending.reset();
				if (bytes.length > 1) {
					events.add(parse(new String(bytes, StandardCharsets.UTF_8)));
				}
			}
		}
		this.pending.write(chunk, from, chunk.length - from);
		return events;
	}

	private static Event parse(String block) {
		String name = null;
		String retry = null;
		StringBuilder data = null;
		for (String line : block.split("\n")) {
			if (line.isEmpty() || line.startsWith(":")) {
				continue;
			}
			int colon = line.indexOf(':');
			String field = (colon < 0) ? line : line.substring(0, colon);
			String value = (colon < 0) ? "" : line.substring(colon + 1);
			if (value.startsWith(" ")) {
				value = value.substring(1);
			}
			switch (field) {
				case "event" -> name = value;
				case "retry" -> retry = value;
				case "data" -> data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
				default -> {
				}
			}
		}
		if (name == null && data == null) {
			return new Event(null, null, retry);
		}
		return new Event((name != null) ? name : "message", (data != null) ? data.toString() : "", retry);
	}

	/**
	 * One event.
	 *
	 * @param name its name, {@code null} for a block of comments (a heartbeat)
	 * @param data its data, {@code null} for a comment
	 * @param retry the reconnection delay it gave, or {@code null}
	 */
	record Event(String name, String data, String retry) {

		boolean isComment() {
			return this.name == null;
		}

	}

}
