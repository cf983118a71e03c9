package io.candyflow.producer.simulator;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * What {@code PUT /simulator} may change; a field left out keeps its value.
 *
 * @param enabled on or off
 * @param rate updates per second
 * @param candies how many candies
 * @param stores how many stores
 */
record SimulatorSettings(Boolean enabled, @Min(1) @Max(MAX_RATE) Integer rate,
		@Min(1) @Max(MAX_CANDIES) Integer candies, @Min(1) @Max(MAX_STORES) Integer stores) {

	static final int MAX_RATE = 1_000_000;

	static final int MAX_CANDIES = 100_000;

	static final int MAX_STORES = 10_000;

	/** The market keeps a price per (candy, store): cap its size, not just each side. */
	static final long MAX_PAIRS = 1_000_000;

	SimulatorSettings merge(SimulatorSettings changes) {
		return new SimulatorSettings((changes.enabled != null) ? changes.enabled : this.enabled,
				(changes.rate != null) ? changes.rate : this.rate,
				(changes.candies != null) ? changes.candies : this.candies,
				(changes.stores != null) ? changes.stores : this.stores);
	}

}
