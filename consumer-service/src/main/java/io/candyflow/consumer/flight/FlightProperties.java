package io.candyflow.consumer.flight;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The Arrow Flight SQL server. Queries run under {@code candyflow.sql.*}'s limits.
 *
 * @param enabled whether the server runs
 * @param host the address it binds
 * @param port its port ({@code 0}: any free one)
 * @param token if set, every call must carry {@code Authorization: Bearer <token>}; unset
 * (the default), no authentication
 * @param maxInboundMessageSize the largest message a client may send (a statement, an
 * action): gRPC refuses larger ones with {@code RESOURCE_EXHAUSTED} before they are read
 * @param clientStallTimeout a stream whose client reads nothing for this long is ended,
 * so that a stalled client does not hold a query or an export's memory
 */
@Validated
@ConfigurationProperties("candyflow.flight")
public record FlightProperties(@DefaultValue("true") boolean enabled, @DefaultValue("0.0.0.0") @NotBlank String host,
		@DefaultValue("8815") @Min(0) @Max(65535) int port, String token,
		@DefaultValue("1MB") @NotNull DataSize maxInboundMessageSize,
		@DefaultValue("30s") @NotNull @DurationMin(millis = 100) Duration clientStallTimeout) {

	public FlightProperties {
		if (maxInboundMessageSize != null
				&& (maxInboundMessageSize.toKilobytes() < 64 || maxInboundMessageSize.toMegabytes() > 64)) {
			throw new IllegalArgumentException(
					"candyflow.flight.max-inbound-message-size must be from 64KB to 64MB (was " + maxInboundMessageSize
							+ ")");
		}
		if (token != null && token.isBlank()) {
			token = null;
		}
	}

}
