package io.candyflow.consumer.live;

/**
 * {@code max-clients} streams are open already. Answered with 503.
 */
class TooManyClientsException extends RuntimeException {

	TooManyClientsException(int maxClients) {
		super("The live stream serves at most " + maxClients + " clients at once; try again shortly");
	}

}
