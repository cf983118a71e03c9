/**
 * The price store: an Apache Arrow columnar history of every update plus an index of the
 * current offer of every (candy, store).
 * <p>
 * One writer (the Kafka listener thread) appends and then
 * {@linkplain PriceStore#publish() publishes}; any number of reader threads query what
 * was last published without taking a lock. History rows become visible through a
 * volatile row count per chunk written after the row's values; the offer index is
 * published as immutable per-candy snapshots.
 */
package io.candyflow.consumer.store;
