package io.candyflow.consumer.store;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Append-only mapping of strings to dense int codes: the dictionary behind the
 * dictionary-encoded {@code candy_id} and {@code store_id} columns.
 * <p>
 * {@link #encode} is for the single writer. {@link #decode} is safe from any thread for a
 * code read from a published row: the value is stored before the row that uses it is
 * published, and the array that holds it is reached through a volatile field.
 * {@link #find} is safe from any thread.
 */
final class StringDictionary {

	private final Map<String, Integer> codes = new ConcurrentHashMap<>();

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

	/**
	 * The code of a value, for readers.
	 * @return the code, or -1 if the value was never encoded
	 */
	int find(String value) {
		Integer code = this.codes.get(value);
		return (code != null) ? code : -1;
	}

	/**
	 * The first {@code size} values, in code order, for readers.
	 */
	String[] values(int size) {
		return Arrays.copyOf(this.values, size);
	}

	String decode(int code) {
		return this.values[code];
	}

	int size() {
		return this.size;
	}

}
