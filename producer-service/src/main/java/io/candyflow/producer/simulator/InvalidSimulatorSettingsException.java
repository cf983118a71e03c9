package io.candyflow.producer.simulator;

/**
 * Simulator settings that are valid one by one but not together; the API answers 400.
 */
public class InvalidSimulatorSettingsException extends RuntimeException {

	InvalidSimulatorSettingsException(String message) {
		super(message);
	}

}
