package io.candyflow.producer.publish;

/**
 * The request body is larger than {@link PublishProperties#maxRequestSize()}; the API
 * answers 413.
 */
public class RequestTooLargeException extends RuntimeException {

	RequestTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes; split it into smaller batches");
	}

}
