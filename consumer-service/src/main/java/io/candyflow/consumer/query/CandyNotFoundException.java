package io.candyflow.consumer.query;

/**
 * The candy has no offer: it was never seen, or not yet. Answered with 404.
 */
class CandyNotFoundException extends RuntimeException {

	CandyNotFoundException(String candyId) {
		super("No price is known for candy '" + candyId + "'");
	}

	CandyNotFoundException() {
		super("No price is known yet");
	}

}
