/**
 * The one-shot job that prepares Kafka for CandyFlow: it waits for the broker, creates
 * the price topic and its dead-letter topic if they are missing, and exits. Safe to run
 * any number of times.
 */
package io.candyflow.topicinit;
