package io.candyflow.price;

import java.nio.charset.StandardCharsets;

/**
 * A valid price update read straight from the bytes of a record, without an object for
 * any of its fields: the ids stay where they are in the record's bytes (with a hash of
 * each, for a byte-keyed dictionary), the price is integer cents, the event time Unix
 * milliseconds. Filled by {@link PriceUpdateCodec#scan}; mutable and reused, so that a
 * consumer decoding millions of records allocates nothing per record. Not thread-safe.
 * <p>
 * Only ids of printable ASCII are ever read this way, so an id's bytes are its
 * characters, and its hash equals {@link String#hashCode()} of the id.
 */
public final class RawPriceUpdate {

	private byte[] source;

	private int candyIdOffset;

	private int candyIdLength;

	private int candyIdHash;

	private int storeIdOffset;

	private int storeIdLength;

	private int storeIdHash;

	private long priceCents;

	private long timestampMillis;

	void set(byte[] source, int candyIdOffset, int candyIdLength, int candyIdHash, int storeIdOffset, int storeIdLength,
			int storeIdHash, long priceCents, long timestampMillis) {
		this.source = source;
		this.candyIdOffset = candyIdOffset;
		this.candyIdLength = candyIdLength;
		this.candyIdHash = candyIdHash;
		this.storeIdOffset = storeIdOffset;
		this.storeIdLength = storeIdLength;
		this.storeIdHash = storeIdHash;
		this.priceCents = priceCents;
		this.timestampMillis = timestampMillis;
	}

	/**
	 * The bytes the ids are in: the record's value, not a copy.
	 * @return the record's bytes
	 */
	public byte[] source() {
		return this.source;
	}

	public int candyIdOffset() {
		return this.candyIdOffset;
	}

	public int candyIdLength() {
		return this.candyIdLength;
	}

	/**
	 * The hash of the candy id's bytes, {@link #hash}.
	 * @return the hash
	 */
	public int candyIdHash() {
		return this.candyIdHash;
	}

	public int storeIdOffset() {
		return this.storeIdOffset;
	}

	public int storeIdLength() {
		return this.storeIdLength;
	}

	/**
	 * The hash of the store id's bytes, {@link #hash}.
	 * @return the hash
	 */
	public int storeIdHash() {
		return this.storeIdHash;
	}

	public long priceCents() {
		return this.priceCents;
	}

	public long timestampMillis() {
		return this.timestampMillis;
	}

	/**
	 * The candy id as a string; allocates, so for a new id, tests and messages only.
	 * @return the candy id
	 */
	public String candyId() {
		return new String(this.source, this.candyIdOffset, this.candyIdLength, StandardCharsets.US_ASCII);
	}

	/**
	 * The store id as a string; allocates, so for a new id, tests and messages only.
	 * @return the store id
	 */
	public String storeId() {
		return new String(this.source, this.storeIdOffset, this.storeIdLength, StandardCharsets.US_ASCII);
	}

	/**
	 * The same update as an object, as {@link PriceUpdateCodec#decode} gives it.
	 * @return the update
	 */
	public PriceUpdate toPriceUpdate() {
		return new PriceUpdate(candyId(), storeId(), this.priceCents, this.timestampMillis);
	}

	/**
	 * The hash of an id's bytes as the scanner computes it: {@code 31 * h + b} over the
	 * bytes, which for ASCII is {@link String#hashCode()}.
	 * @param bytes the bytes
	 * @param offset where the id starts
	 * @param length its length
	 * @return the hash
	 */
	public static int hash(byte[] bytes, int offset, int length) {
		int hash = 0;
		for (int i = offset; i < offset + length; i++) {
			hash = 31 * hash + bytes[i];
		}
		return hash;
	}

	@Override
	public String toString() {
		return (this.source != null) ? toPriceUpdate().toString() : "RawPriceUpdate[empty]";
	}

}
