package io.candyflow.consumer.sql;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The limits of {@code POST /sql}: a query is untrusted input, so each of these bounds
 * what one can take.
 *
 * @param timeout a query still running after this is interrupted (408)
 * @param maxRows at most this many result rows are returned; past them the answer says
 * {@code truncated}
 * @param maxConcurrentQueries queries running at once; more get 503
 * @param memoryLimit DuckDB's memory limit (its buffer manager: hash tables, sorts,
 * results; the history it scans is the store's and not counted here)
 * @param threads DuckDB's worker threads, shared by all queries
 * @param maxQuerySize the longest SQL text accepted (413 past it)
 * @param maxResultSize the largest answer written, in bytes of its format: a few rows of
 * long strings would otherwise fill the heap (400 past it)
 */
@Validated
@ConfigurationProperties("candyflow.sql")
public record SqlProperties(
		@DefaultValue("10s") @NotNull @DurationMin(millis = 10) @DurationMax(minutes = 10) Duration timeout,
		@DefaultValue("10000") @Min(1) @Max(1_000_000) int maxRows,
		@DefaultValue("4") @Min(1) @Max(64) int maxConcurrentQueries,
		@DefaultValue("512MB") @NotNull DataSize memoryLimit, @DefaultValue("2") @Min(1) @Max(64) int threads,
		@DefaultValue("64KB") @NotNull DataSize maxQuerySize, @DefaultValue("16MB") @NotNull DataSize maxResultSize) {

	public SqlProperties {
		// DataSize has no bean-validation constraints of its own
		if (memoryLimit != null && memoryLimit.toMegabytes() < 16) {
			throw new IllegalArgumentException(
					"candyflow.sql.memory-limit must be at least 16MB (was " + memoryLimit + ")");
		}
		if (maxQuerySize != null && (maxQuerySize.toBytes() < 1024 || maxQuerySize.toMegabytes() > 16)) {
			throw new IllegalArgumentException(
					"candyflow.sql.max-query-size must be from 1KB to 16MB (was " + maxQuerySize + ")");
		}
		if (maxResultSize != null && (maxResultSize.toBytes() < 1024 || maxResultSize.toMegabytes() > 1024)) {
			throw new IllegalArgumentException(
					"candyflow.sql.max-result-size must be from 1KB to 1GB (was " + maxResultSize + ")");
		}
	}

}
