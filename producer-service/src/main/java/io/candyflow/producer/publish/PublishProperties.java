package io.candyflow.producer.publish;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How {@code POST /prices} publishes.
 *
 * @param topic the price topic
 * @param timeout how long a request waits for Kafka's acknowledgements before it answers
 * 503; kept under 10 s, the promise of the API
 * @param maxRequestSize largest request body accepted
 * @param healthProbeInterval how often the health's {@code kafka} component asks the
 * cluster whether it is there and holds the topic, so that health is right with no
 * traffic too; measured from the end of one probe to the start of the next
 * @param healthProbeTimeout how long one probe waits for the cluster's answer
 */
@Validated
@ConfigurationProperties("candyflow.publish")
public record PublishProperties(@DefaultValue("candy_prices_raw") @NotBlank String topic,
		@DefaultValue("6s") @NotNull Duration timeout, @DefaultValue("1MB") @NotNull DataSize maxRequestSize,
		@DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration healthProbeInterval,
		@DefaultValue("3s") @NotNull @DurationMin(millis = 100) Duration healthProbeTimeout) {
}
