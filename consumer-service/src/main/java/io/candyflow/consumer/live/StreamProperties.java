package io.candyflow.consumer.live;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The live stream's limits.
 *
 * @param maxClients at most this many {@code /stream} clients at once; more get 503 (each
 * may hold one sender thread, so this also bounds the threads)
 * @param tick how often the store is looked at and events go out: the most events a
 * client gets is one per tick
 * @param sendTimeout a client whose event is not written within this is dropped
 * @param heartbeat an idle stream gets a comment this often, so that a gone client is
 * noticed and proxies keep the connection open
 */
@Validated
@ConfigurationProperties("candyflow.stream")
public record StreamProperties(@DefaultValue("100") @Min(1) @Max(10_000) int maxClients,
		@DefaultValue("250ms") @NotNull @DurationMin(millis = 50) @DurationMax(seconds = 10) Duration tick,
		@DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration sendTimeout,
		@DefaultValue("15s") @NotNull @DurationMin(seconds = 1) Duration heartbeat) {

}
