package io.candyflow.consumer.store;

import io.candyflow.price.PriceUpdate;
import io.candyflow.price.PriceUpdateCodec;
import io.candyflow.price.RawPriceUpdate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Updates as the listener's fast path hands them to the store: written in the wire format
 * and scanned back from the bytes.
 */
final class RawUpdates {

	private static final PriceUpdateCodec codec = new PriceUpdateCodec();

	private RawUpdates() {
	}

	/**
	 * The update as the scanner reads it; its event time must be whole seconds and its
	 * ids printable ASCII, the shape the scanner reads.
	 */
	static RawPriceUpdate of(PriceUpdate update) {
		RawPriceUpdate raw = new RawPriceUpdate();
		assertThat(codec.scan(codec.encode(update), Long.MAX_VALUE / 4, raw)).as("scanned %s", update).isTrue();
		return raw;
	}

}
