/**
 * The CandyFlow producer: accepts price updates over HTTP and publishes them to Kafka,
 * and can simulate a market of its own.
 */
package io.candyflow.producer;
