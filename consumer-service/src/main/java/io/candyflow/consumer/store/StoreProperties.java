package io.candyflow.consumer.store;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The Arrow store's sizing. The defaults fit a 512 MiB heap: the history is off-heap,
 * about 20.6 bytes a row, so 50 million rows take about 1 GiB of the 2 GiB limit.
 *
 * @param chunkRows minimum rows per Arrow record batch (Arrow rounds buffers up to a
 * power of two, and a chunk uses all of that room)
 * @param memoryLimit the root allocator's limit: all off-heap memory the store may hold;
 * near it, the oldest history is dropped to make room
 * @param exportMemory the part of {@code memoryLimit} kept for {@code /export}: what the
 * exports running at a time may hold (a few MiB each), never taken from the history; an
 * export past it is answered with a 503
 * @param retention how much history to keep
 */
@Validated
@ConfigurationProperties("candyflow.store")
public record StoreProperties(@DefaultValue("65536") @Min(1024) @Max(1 << 24) int chunkRows,
		@DefaultValue("2GB") @NotNull DataSize memoryLimit, @DefaultValue("64MB") @NotNull DataSize exportMemory,
		@DefaultValue @Valid RetentionProperties retention) {

	@AssertTrue(message = "export-memory must be more than 0 and less than memory-limit")
	boolean isExportMemoryWithinLimit() {
		return this.exportMemory == null || this.memoryLimit == null
				|| (this.exportMemory.toBytes() > 0 && this.exportMemory.toBytes() < this.memoryLimit.toBytes());
	}

	/**
	 * How much history to keep; the oldest chunks go first, current offers always stay.
	 *
	 * @param maxRows at most this many history rows (at least one chunk is kept)
	 * @param maxAge rows older than this (event time) are dropped; 0 keeps them
	 */
	public record RetentionProperties(@DefaultValue("50000000") @Min(1) long maxRows,
			@DefaultValue("0s") @NotNull Duration maxAge) {

		Retention toRetention() {
			return new Retention(this.maxRows, this.maxAge);
		}

	}

}
