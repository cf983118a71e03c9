/**
 * JMH benchmarks of the consumer's hot paths: appending to the store, decoding and
 * appending raw records, and answering {@code /cheapest} at different history sizes.
 */
package io.candyflow.benchmarks;
