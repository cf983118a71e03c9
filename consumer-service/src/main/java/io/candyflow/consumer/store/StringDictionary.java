package io.candyflow.consumer.store;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Append-only mapping of strings to dense int codes: the dictionary behind the
 * dictionary-encoded {@code candy_id} and {@code store_id} columns.
 * <p>
 * {@link #encode} is for the single writer. {@link #decode} is safe from any thread for a
 * code read from a published row: the value is stored before the row that uses it is
 * published, and the array that holds it is reached through a volatile field.
 */
final class StringDictionary {

	private final Map<String, Integer> codes = new HashMap<>();

	private volatile String[] values = new String[64];

	private volatile int size;

	int encode(String value) {
		Integer code = this.codes.get(value);
		if (code != null) {
			return code;
		}
		int next = this.size;
		String[] current = this.values;
		if (next == current.length) {
			current = Arrays.copyOf(current, next * 2);
		}
		current[next] = value;
		this.values = current;
		this.codes.put(value, next);
		this.size = next + 1;
		return next;
	}

	String decode(int code) {
		return this.values[code];
	}

	int size() {
		return this.size;
	}

}
