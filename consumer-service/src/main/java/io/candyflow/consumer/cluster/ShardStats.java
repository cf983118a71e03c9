package io.candyflow.consumer.cluster;

import java.util.Set;

import io.candyflow.consumer.store.StoreStats;

/**
 * One shard's statistics with the ids behind its {@link StoreStats#stores()} count. The
 * count alone cannot be merged: a store sells candies of many partitions, so several
 * shards count it, and only the union of their ids counts it once.
 *
 * @param stats the shard's statistics, as its store last published them
 * @param storeIds the distinct store ids the shard has seen, as of the same publish
 */
record ShardStats(StoreStats stats, Set<String> storeIds) {

	ShardStats {
		storeIds = Set.copyOf(storeIds);
	}

}
