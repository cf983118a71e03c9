/**
 * Sharded mode ({@code candyflow.ingest.mode=sharded}): consumers share Kafka's
 * partitions through one consumer group, advertise what they own in a compacted topic,
 * and answer any query by answering locally, forwarding to the owner of a candy's
 * partition, or scattering to one owner of every partition and merging.
 */
package io.candyflow.consumer.cluster;
