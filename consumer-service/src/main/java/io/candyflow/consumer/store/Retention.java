package io.candyflow.consumer.store;

import java.time.Duration;

/**
 * How much history the store keeps; the oldest chunks go first. Current offers are kept
 * whatever the retention.
 *
 * @param maxRows at most this many history rows
 * @param maxAge rows whose event time is older than this may go ({@link Duration#ZERO}
 * keeps them whatever their age); a chunk goes once its newest row is that old
 */
public record Retention(long maxRows, Duration maxAge) {

	/** Keeps everything the memory limit allows. */
	public static final Retention UNLIMITED = new Retention(Long.MAX_VALUE, Duration.ZERO);

	boolean limitsAge() {
		return !this.maxAge.isZero() && !this.maxAge.isNegative();
	}

}
