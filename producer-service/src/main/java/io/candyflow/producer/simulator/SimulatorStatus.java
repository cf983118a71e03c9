package io.candyflow.producer.simulator;

/**
 * What the simulator is doing.
 *
 * @param enabled on or off
 * @param rate updates per second when on
 * @param candies how many candies
 * @param stores how many stores
 * @param sent updates Kafka acknowledged since start
 * @param failed updates that could not be published since start
 */
record SimulatorStatus(boolean enabled, int rate, int candies, int stores, long sent, long failed) {
}
