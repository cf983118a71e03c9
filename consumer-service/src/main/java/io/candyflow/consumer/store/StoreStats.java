package io.candyflow.consumer.store;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the store holds, as of its last publish.
 *
 * @param rows history rows held
 * @param offers current offers, one per (candy, store)
 * @param candies distinct candies
 * @param stores distinct stores
 * @param ingested valid updates appended since start
 * @param rejected invalid records seen since start
 * @param arrowBytes off-heap memory held by the history
 * @param evictedRows history rows dropped by retention since start
 * @param droppedRows updates that found no room in the history (memory limit) since
 * start; their offers were still updated
 */
public record StoreStats(long rows, long offers, long candies, long stores, long ingested, long rejected,
		@JsonProperty("arrow_bytes") long arrowBytes, @JsonProperty("evicted_rows") long evictedRows,
		@JsonProperty("dropped_rows") long droppedRows) {

	static final StoreStats EMPTY = new StoreStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

}
