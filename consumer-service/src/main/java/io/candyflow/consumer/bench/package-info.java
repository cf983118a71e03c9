/**
 * What the benchmark harness ({@code bench/run}) needs inside the service and users never
 * see: off unless {@code candyflow.bench.constant-endpoint} is set.
 */
package io.candyflow.consumer.bench;
