/**
 * Ingestion: a batch Kafka listener that reads every partition of the price topic from
 * the beginning and decodes each poll on its own thread, and the store's writer, which
 * folds the valid updates into the store on another, sends bad records to the dead-letter
 * topic, and tells readiness when it has caught up with the topic. Two threads, so that a
 * replay uses both cores: Kafka's fetching and decoding on one, the store on the other.
 */
package io.candyflow.consumer.ingest;
