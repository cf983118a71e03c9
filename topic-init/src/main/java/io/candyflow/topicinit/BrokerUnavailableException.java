package io.candyflow.topicinit;

import org.springframework.boot.ExitCodeGenerator;

/**
 * The broker did not answer in time: topic-init exits with code 2 so that scripts can
 * tell this apart from a bad configuration.
 */
class BrokerUnavailableException extends RuntimeException implements ExitCodeGenerator {

	BrokerUnavailableException(String message) {
		super(message);
	}

	@Override
	public int getExitCode() {
		return 2;
	}

}
