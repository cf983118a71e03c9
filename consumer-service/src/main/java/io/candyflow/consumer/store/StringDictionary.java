package io.candyflow.consumer.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Append-only mapping of strings to dense int codes: the dictionary behind the
 * dictionary-encoded {@code candy_id} and {@code store_id} columns, and the codes the
 * offer index is addressed by.
 * <p>
 * The writer looks ids up straight from a record's bytes
 * ({@link #encode(byte[], int, int, int)}): an open-addressing table over the ASCII bytes
 * of every value, so that a known id costs a hash probe and a byte comparison, and only
 * an id seen for the first time becomes a {@code String}. Values that are not ASCII
 * (which only Jackson's path reads) are kept out of that table; {@link #encode(String)}
 * finds every value.
 * <p>
 * {@link #encode} is for the single writer. {@link #decode} is safe from any thread for a
 * code read from a published row: the value is stored before the row that uses it is
 * published, and the array that holds it is reached through a volatile field.
 * {@link #find} is safe from any thread, and so is {@link #find(byte[], int, int, int)},
 * which looks in a copy of the byte table taken at the last {@link #publish()}: the Kafka
 * poll thread finds the codes of known ids with it, ahead of the writer.
 */
final class StringDictionary {

	private final Map<String, Integer> codes = new ConcurrentHashMap<>();

	private volatile String[] values = new String[64];

	private volatile int size;

	/** Writer only: code + 1 of the value in each slot, 0 for an empty slot. */
	private int[] slots = new int[128];

	/** Writer only: the hash of each slot's value, compared before its bytes. */
	private int[] slotHashes = new int[128];

	/** Writer only: the ASCII bytes of each code's value, {@code null} if not ASCII. */
	private byte[][] bytes = new byte[64][];

	private int asciiValues;

	/**
	 * What {@link #find(byte[], int, int, int)} reads: a copy, as of the last publish.
	 */
	private volatile Lookup lookup = new Lookup(new int[1], new int[1], new byte[0][]);

	private boolean changed;

	int encode(String value) {
		Integer code = this.codes.get(value);
		if (code != null) {
			return code;
		}
		return add(value, asciiBytes(value), value.hashCode());
	}

	/**
	 * The code of an ASCII id given by its bytes, adding it if it is new.
	 * @param source the bytes the id is in
	 * @param offset where it starts
	 * @param length its length
	 * @param hash {@code RawPriceUpdate.hash} of those bytes (the id's
	 * {@link String#hashCode()})
	 * @return the code
	 */
	int encode(byte[] source, int offset, int length, int hash) {
		int code = find(this.slots, this.slotHashes, this.bytes, source, offset, length, hash);
		if (code >= 0) {
			return code;
		}
		return add(new String(source, offset, length, StandardCharsets.US_ASCII),
				Arrays.copyOfRange(source, offset, offset + length), hash);
	}

	/**
	 * The code of an ASCII id given by its bytes, as of the last {@link #publish()}; safe
	 * from any thread.
	 * @return the code, or -1 if the id was not known then
	 */
	int find(byte[] source, int offset, int length, int hash) {
		Lookup lookup = this.lookup;
		return find(lookup.slots(), lookup.hashes(), lookup.bytes(), source, offset, length, hash);
	}

	private static int find(int[] slots, int[] hashes, byte[][] bytes, byte[] source, int offset, int length,
			int hash) {
		int mask = slots.length - 1;
		for (int slot = spread(hash) & mask;; slot = (slot + 1) & mask) {
			int entry = slots[slot];
			if (entry == 0) {
				return -1;
			}
			if (hashes[slot] == hash) {
				byte[] value = bytes[entry - 1];
				if (Arrays.equals(value, 0, value.length, source, offset, offset + length)) {
					return entry - 1;
				}
			}
		}
	}

	/**
	 * Makes the ids added since the last publish visible to
	 * {@link #find(byte[], int, int, int)}: a copy of the byte table, taken only when it
	 * changed. Writer only.
	 */
	void publish() {
		if (this.changed) {
			this.changed = false;
			this.lookup = new Lookup(this.slots.clone(), this.slotHashes.clone(), this.bytes.clone());
		}
	}

	/** An immutable copy of the byte table. */
	private record Lookup(int[] slots, int[] hashes, byte[][] bytes) {
	}

	private int add(String value, byte[] ascii, int hash) {
		int next = this.size;
		String[] current = this.values;
		if (next == current.length) {
			current = Arrays.copyOf(current, next * 2);
			this.bytes = Arrays.copyOf(this.bytes, next * 2);
		}
		current[next] = value;
		this.bytes[next] = ascii;
		if (ascii != null) {
			insert(next, hash);
			this.changed = true;
		}
		this.values = current;
		this.codes.put(value, next);
		this.size = next + 1;
		return next;
	}

	private void insert(int code, int hash) {
		if (++this.asciiValues * 2 > this.slots.length) {
			int[] oldSlots = this.slots;
			int[] oldHashes = this.slotHashes;
			this.slots = new int[oldSlots.length * 2];
			this.slotHashes = new int[oldSlots.length * 2];
			for (int i = 0; i < oldSlots.length; i++) {
				if (oldSlots[i] != 0) {
					place(oldSlots[i] - 1, oldHashes[i]);
				}
			}
		}
		place(code, hash);
	}

	private void place(int code, int hash) {
		int mask = this.slots.length - 1;
		int slot = spread(hash) & mask;
		while (this.slots[slot] != 0) {
			slot = (slot + 1) & mask;
		}
		this.slots[slot] = code + 1;
		this.slotHashes[slot] = hash;
	}

	/**
	 * String hashes of similar ids, and dense codes, are close together: spread them over
	 * a table.
	 */
	static int spread(int hash) {
		int h = hash * 0x9E3779B9;
		return h ^ (h >>> 16);
	}

	private static byte[] asciiBytes(String value) {
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) >= 0x80) {
				return null;
			}
		}
		return value.getBytes(StandardCharsets.US_ASCII);
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
