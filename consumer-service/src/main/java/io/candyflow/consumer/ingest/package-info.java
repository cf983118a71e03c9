/**
 * Ingestion: a batch Kafka listener that reads every partition of the price topic from
 * the beginning, folds valid updates into the store, sends bad records to the dead-letter
 * topic, and tells readiness when it has caught up with the topic.
 */
package io.candyflow.consumer.ingest;
