package io.candyflow.consumer.query;

/**
 * A query parameter breaks a rule. Answered with 400, naming the parameter.
 */
class InvalidParameterException extends RuntimeException {

	private final String parameter;

	InvalidParameterException(String parameter, String reason) {
		super(reason);
		this.parameter = parameter;
	}

	String getParameter() {
		return this.parameter;
	}

}
