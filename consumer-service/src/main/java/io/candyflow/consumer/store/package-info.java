/**
 * The price store: an Apache Arrow columnar history of every update plus an index of the
 * current offer of every (candy, store).
 * <p>
 * Threading: one writer (the ingest's writer thread) calls {@link PriceStore#markSeen},
 * {@link PriceStore#append} and then {@link PriceStore#publish()} once per poll; any
 * number of reader threads query what was last published, without locks:
 * <ul>
 * <li>history rows become visible through a volatile row count per chunk, written after
 * the rows' values, so a reader never sees half a row or half a batch;</li>
 * <li>chunks are allocated whole when opened, so appends never move memory under a
 * reader;</li>
 * <li>a reader holds a reference to each chunk while it reads it; eviction only drops the
 * history's reference, and the chunk's memory goes back to the allocator when the last
 * reader lets go;</li>
 * <li>the offer index is published as immutable per-candy arrays and a volatile overall
 * cheapest offer; the writer's own side of it is addressed by the dictionaries' int
 * codes, and a record's ids are found in the dictionaries by their bytes.</li>
 * </ul>
 * {@code PriceStoreConcurrencyTests} checks all of this under load.
 */
package io.candyflow.consumer.store;
