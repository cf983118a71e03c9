package io.candyflow.producer.simulator;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The simulator at start-up.
 *
 * @param enabled whether it publishes from the start
 * @param rate updates per second
 * @param candies how many candies ({@code Candy1..CandyN})
 * @param stores how many stores ({@code Store1..StoreN})
 * @param seed random seed, for repeatable runs; 0 picks one
 */
@Validated
@ConfigurationProperties("candyflow.simulator")
record SimulatorProperties(@DefaultValue("false") boolean enabled,
		@DefaultValue("200") @Min(1) @Max(SimulatorSettings.MAX_RATE) int rate,
		@DefaultValue("10") @Min(1) @Max(SimulatorSettings.MAX_CANDIES) int candies,
		@DefaultValue("20") @Min(1) @Max(SimulatorSettings.MAX_STORES) int stores, @DefaultValue("0") long seed) {

	SimulatorSettings settings() {
		return new SimulatorSettings(this.enabled, this.rate, this.candies, this.stores);
	}

}
