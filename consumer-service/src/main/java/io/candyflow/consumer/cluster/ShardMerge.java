package io.candyflow.consumer.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

import io.candyflow.consumer.store.CandySummary;
import io.candyflow.consumer.store.Offer;
import io.candyflow.consumer.store.StoreStats;

/**
 * Merges the partial answers of every shard into the answer one store holding all
 * partitions would give. A candy lives in exactly one partition (the Kafka key is its
 * id), so per-candy facts are never split across shards and merging is a matter of
 * ordering; the exception is stores, which sell candies of many partitions and so show up
 * in several shards.
 * <p>
 * Pure functions of their inputs, so that the scatter-gather code around them can be
 * tested apart from the answers, and these against a single store.
 */
final class ShardMerge {

	private static final Comparator<CandySummary> BY_CANDY = Comparator.comparing(CandySummary::candyId);

	private ShardMerge() {
	}

	/**
	 * The cheapest current offer of all candies. Each shard's cheapest is the cheapest of
	 * its candies, and every candy is in one shard, so the least of them is the global
	 * one, ties broken as a single store breaks them.
	 * @param parts each shard's cheapest offer, empty for a shard with none
	 * @return the cheapest, empty if no shard has an offer
	 */
	static Optional<Offer> cheapest(List<Optional<Offer>> parts) {
		return parts.stream().flatMap(Optional::stream).min(Offer.CHEAPEST_FIRST);
	}

	/**
	 * The first {@code limit} current offers across shards, cheapest first. Every shard
	 * answered the same query with its own first {@code limit}, and an offer that is
	 * among the global first {@code limit} is among its shard's, so a k-way merge of the
	 * sorted parts that stops at {@code limit} is exact, and costs {@code limit} heap
	 * steps rather than a sort of every part.
	 * @param parts each shard's offers, sorted by {@link Offer#CHEAPEST_FIRST}, at most
	 * {@code limit} each
	 * @param limit the most offers to return
	 * @return the offers, cheapest first
	 */
	static List<Offer> offers(List<List<Offer>> parts, int limit) {
		PriorityQueue<Cursor<Offer>> open = new PriorityQueue<>(
				(a, b) -> Offer.CHEAPEST_FIRST.compare(a.current(), b.current()));
		int total = 0;
		for (List<Offer> part : parts) {
			total += part.size();
			Cursor<Offer> cursor = new Cursor<>(part);
			if (cursor.advance()) {
				open.add(cursor);
			}
		}
		List<Offer> result = new ArrayList<>(Math.max(0, Math.min(limit, total)));
		while (result.size() < limit) {
			Cursor<Offer> cheapest = open.poll();
			if (cheapest == null) {
				break;
			}
			result.add(cheapest.current());
			if (cheapest.advance()) {
				open.add(cheapest);
			}
		}
		return result;
	}

	/**
	 * Every candy's summary, in candy order. A candy's offers are all in its shard, so
	 * each summary is already whole and the parts only need interleaving. A candy in two
	 * parts means two shards ingested its partition (a routing or rebalancing bug): its
	 * two summaries cannot both be right, so the merge refuses rather than pick one.
	 * @param parts each shard's summaries, in candy order (as
	 * {@link io.candyflow.consumer.store.PriceStore#candies()} gives them)
	 * @return the summaries, in candy order
	 * @throws IllegalStateException if a candy is in more than one part
	 * @throws IllegalArgumentException if a part is not in candy order
	 */
	static List<CandySummary> candies(List<List<CandySummary>> parts) {
		PriorityQueue<Cursor<CandySummary>> open = new PriorityQueue<>(
				(a, b) -> BY_CANDY.compare(a.current(), b.current()));
		int total = 0;
		for (List<CandySummary> part : parts) {
			total += part.size();
			Cursor<CandySummary> cursor = new Cursor<>(part);
			if (cursor.advance()) {
				open.add(cursor);
			}
		}
		List<CandySummary> result = new ArrayList<>(total);
		while (!open.isEmpty()) {
			Cursor<CandySummary> next = open.poll();
			CandySummary summary = next.current();
			if (!result.isEmpty()) {
				int order = BY_CANDY.compare(result.get(result.size() - 1), summary);
				if (order == 0) {
					throw new IllegalStateException("Candy '" + summary.candyId() + "' is held by more than one shard");
				}
				if (order > 0) {
					throw new IllegalArgumentException(
							"A shard's candies are not in candy order at '" + summary.candyId() + "'");
				}
			}
			result.add(summary);
			if (next.advance()) {
				open.add(next);
			}
		}
		return result;
	}

	/**
	 * The statistics of all shards as one store would count them. Rows, offers, candies
	 * and the counters add up, as every update and every candy belongs to one shard;
	 * stores do not, as a store that sells candies of several partitions is in several
	 * shards' dictionaries, so their count is that of the union of the shards' store ids.
	 * The Arrow bytes are the sum of what every shard holds, which is not what one store
	 * would hold (each shard fills chunks of its own).
	 * @param parts each shard's statistics and store ids
	 * @return the merged statistics, all zero for no parts
	 */
	static StoreStats stats(List<ShardStats> parts) {
		long rows = 0;
		long offers = 0;
		long candies = 0;
		long ingested = 0;
		long rejected = 0;
		long arrowBytes = 0;
		long evictedRows = 0;
		long droppedRows = 0;
		Set<String> stores = new HashSet<>();
		for (ShardStats part : parts) {
			StoreStats stats = part.stats();
			rows += stats.rows();
			offers += stats.offers();
			candies += stats.candies();
			ingested += stats.ingested();
			rejected += stats.rejected();
			arrowBytes += stats.arrowBytes();
			evictedRows += stats.evictedRows();
			droppedRows += stats.droppedRows();
			stores.addAll(part.storeIds());
		}
		return new StoreStats(rows, offers, candies, stores.size(), ingested, rejected, arrowBytes, evictedRows,
				droppedRows);
	}

	/**
	 * A position in one shard's sorted part.
	 */
	private static final class Cursor<T> {

		private final List<T> items;

		private int next;

		private T current;

		Cursor(List<T> items) {
			this.items = items;
		}

		boolean advance() {
			if (this.next < this.items.size()) {
				this.current = this.items.get(this.next++);
				return true;
			}
			return false;
		}

		T current() {
			return this.current;
		}

	}

}
