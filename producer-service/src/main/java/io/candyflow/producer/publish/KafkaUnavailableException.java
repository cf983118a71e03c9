package io.candyflow.producer.publish;

/**
 * Kafka did not acknowledge the records in time; the API answers 503.
 */
public class KafkaUnavailableException extends RuntimeException {

	KafkaUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
