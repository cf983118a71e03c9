/**
 * The query API: answers from the store's published state, never from Kafka, and maps
 * every bad request to an RFC 9457 problem.
 */
package io.candyflow.consumer.query;
