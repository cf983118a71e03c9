/**
 * {@code POST /prices}: validates a batch of price updates as a whole and publishes it to
 * Kafka, answering only once Kafka has acknowledged every record.
 */
package io.candyflow.producer.publish;
