/**
 * Ingestion: a batch Kafka listener that reads every partition of the price topic from
 * the beginning and decodes each poll on its own thread, and the store's writer, which
 * folds the valid updates into the store on another, counts the bad records, and tells
 * readiness when it has caught up with the topic. Two threads, so that a replay uses both
 * cores: Kafka's fetching and decoding on one, the store on the other. A second listener,
 * in a group shared by the replicas, sends the bad records to the dead-letter topic, one
 * replica per partition.
 */
package io.candyflow.consumer.ingest;
