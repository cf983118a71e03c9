/**
 * A market simulator: random-walk prices over a set of candies and stores, published at a
 * configurable rate, switchable at start-up ({@code candyflow.simulator.*}) and at run
 * time ({@code PUT /simulator}).
 */
package io.candyflow.producer.simulator;
