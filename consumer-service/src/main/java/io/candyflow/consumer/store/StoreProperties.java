package io.candyflow.consumer.store;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The Arrow store's sizing.
 *
 * @param chunkRows rows per Arrow record batch; a power of two keeps Arrow's buffers
 * exactly sized
 * @param memoryLimit the root allocator's limit: all off-heap memory the store may hold
 */
@Validated
@ConfigurationProperties("candyflow.store")
public record StoreProperties(@DefaultValue("65536") @Min(1024) @Max(1 << 24) int chunkRows,
		@DefaultValue("2GB") @NotNull DataSize memoryLimit) {
}
