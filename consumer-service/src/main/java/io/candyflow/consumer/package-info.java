/**
 * The CandyFlow consumer: folds the price topic into an in-memory Apache Arrow table and
 * answers queries about it.
 */
package io.candyflow.consumer;
