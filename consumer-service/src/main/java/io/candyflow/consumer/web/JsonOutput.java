package io.candyflow.consumer.web;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * JSON written straight into a Netty buffer, the way Jackson writes the same values: no
 * intermediate {@code String}, no generator. Callers write the punctuation and field
 * names as constants ({@link #ascii}) and the values through the typed methods.
 */
public final class JsonOutput {

	private static final byte[] DIGITS = "0123456789".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	private final ByteBuf buffer;

	public JsonOutput(ByteBuf buffer) {
		this.buffer = buffer;
	}

	/**
	 * Bytes that are JSON already, e.g. {@code ascii("{\"candy_id\":")} kept in a
	 * constant. @param bytes the bytes @return this output
	 */
	/**
	 * The allocator of the connection this answer goes to (for tests of the server's
	 * setup).
	 */
	ByteBufAllocator allocator() {
		return this.buffer.alloc();
	}

	public JsonOutput raw(byte[] bytes) {
		this.buffer.writeBytes(bytes);
		return this;
	}

	/**
	 * One byte of JSON punctuation.
	 * @param c the character
	 * @return this output
	 */
	public JsonOutput raw(char c) {
		this.buffer.writeByte(c);
		return this;
	}

	/**
	 * A string value, quoted and escaped as Jackson escapes it: {@code "}, {@code \} and
	 * control characters; everything else as UTF-8.
	 * @param value the string
	 * @return this output
	 */
	public JsonOutput string(String value) {
		this.buffer.writeByte('"');
		int length = value.length();
		int start = 0;
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\') {
				ByteBufUtil.writeUtf8(this.buffer, value, start, i);
				escape(c);
				start = i + 1;
			}
		}
		ByteBufUtil.writeUtf8(this.buffer, value, start, length);
		this.buffer.writeByte('"');
		return this;
	}

	private void escape(char c) {
		this.buffer.writeByte('\\');
		switch (c) {
			case '"', '\\' -> this.buffer.writeByte(c);
			case '\n' -> this.buffer.writeByte('n');
			case '\r' -> this.buffer.writeByte('r');
			case '\t' -> this.buffer.writeByte('t');
			case '\b' -> this.buffer.writeByte('b');
			case '\f' -> this.buffer.writeByte('f');
			default ->
				this.buffer.writeByte('u').writeByte('0').writeByte('0').writeByte(HEX[c >> 4]).writeByte(HEX[c & 0xF]);
		}
	}

	/**
	 * A whole number.
	 * @param value the number
	 * @return this output
	 */
	public JsonOutput number(long value) {
		if (value < 0) {
			if (value == Long.MIN_VALUE) {
				this.buffer.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
				return this;
			}
			this.buffer.writeByte('-');
			value = -value;
		}
		digits(value, digitCount(value));
		return this;
	}

	/**
	 * A fixed-point number given as an unscaled value, written as the shortest decimal
	 * that is exactly it: {@code (235, 2)} as {@code 2.35}, {@code (250, 2)} as
	 * {@code 2.5}, {@code (200, 2)} as {@code 2} — how a price's {@code BigDecimal}
	 * without trailing zeros reads in JSON.
	 * @param unscaled the value times 10<sup>scale</sup>, not negative
	 * @param scale decimal places, 0 to 18
	 * @return this output
	 */
	public JsonOutput decimalStripped(long unscaled, int scale) {
		long unit = pow10(scale);
		long fraction = unscaled % unit;
		while (scale > 0 && fraction % 10 == 0 && fraction != 0) {
			fraction /= 10;
			scale--;
		}
		return fixed(unscaled / unit, (fraction == 0) ? 0 : scale, fraction);
	}

	/**
	 * A fixed-point number with all of its decimal places: {@code (1700000000500, 3)} as
	 * {@code 1700000000.500}, how a {@code BigDecimal} of that scale reads in JSON.
	 * @param unscaled the value times 10<sup>scale</sup>, not negative
	 * @param scale decimal places, 0 to 18
	 * @return this output
	 */
	public JsonOutput decimal(long unscaled, int scale) {
		long unit = pow10(scale);
		return fixed(unscaled / unit, scale, unscaled % unit);
	}

	/**
	 * Any {@code BigDecimal}, as Jackson writes it ({@link BigDecimal#toString()}).
	 * @param value the number
	 * @return this output
	 */
	public JsonOutput decimal(BigDecimal value) {
		this.buffer.writeCharSequence(value.toString(), StandardCharsets.US_ASCII);
		return this;
	}

	private JsonOutput fixed(long whole, int scale, long fraction) {
		number(whole);
		if (scale > 0) {
			this.buffer.writeByte('.');
			digits(fraction, scale);
		}
		return this;
	}

	/** Writes the last {@code count} decimal digits of a value, zeros in front. */
	private void digits(long value, int count) {
		int end = this.buffer.writerIndex() + count;
		this.buffer.ensureWritable(count);
		for (int at = end - 1; at >= end - count; at--) {
			this.buffer.setByte(at, DIGITS[(int) (value % 10)]);
			value /= 10;
		}
		this.buffer.writerIndex(end);
	}

	private static long pow10(int scale) {
		long unit = 1;
		for (int i = 0; i < scale; i++) {
			unit *= 10;
		}
		return unit;
	}

	private static int digitCount(long value) {
		int digits = 1;
		while (value >= 10) {
			value /= 10;
			digits++;
		}
		return digits;
	}

	/**
	 * Encodes a constant once, for {@link #raw(byte[])}.
	 * @param json the JSON text, ASCII
	 * @return its bytes
	 */
	public static byte[] ascii(String json) {
		return json.getBytes(StandardCharsets.US_ASCII);
	}

}
