package io.candyflow.consumer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Price updates as the broker-backed tests send them: the wire format's JSON, keyed by
 * candy, to the price topic.
 */
public final class PriceRecords {

	private PriceRecords() {
	}

	/**
	 * Sends one update; {@code price} and {@code timestamp} are written as given (JSON
	 * number, Unix seconds).
	 */
	public static void send(KafkaProducer<String, String> producer, String candy, String store, String price,
			String timestamp) {
		producer.send(new ProducerRecord<>("candy_prices_raw", candy, "{\"candy_id\":\"" + candy + "\",\"store_id\":\""
				+ store + "\",\"price\":" + price + ",\"timestamp\":" + timestamp + "}"));
	}

}
