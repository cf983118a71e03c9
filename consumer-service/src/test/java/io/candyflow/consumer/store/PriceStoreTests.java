package io.candyflow.consumer.store;

import java.nio.channels.Channels;

import java.io.ByteArrayOutputStream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.candyflow.price.PriceUpdate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PriceStoreTests {

	private static final long T = 1_700_000_000_000L;

	/** The exports' budget of a tight store: a few exports of 1984-row chunks. */
	private static final long EXPORTS = 256 * 1024;

	private BufferAllocator allocator;

	private PriceStore store;

	private long offset;

	@BeforeEach
	void createStore() {
		this.allocator = new RootAllocator(64 * 1024 * 1024);
		this.store = new PriceStore(this.allocator, 1024);
	}

	@AfterEach
	void closeStoreAndCheckForLeaks() {
		this.store.close();
		assertThat(this.allocator.getAllocatedMemory()).isZero();
		// RootAllocator.close() throws if any child allocator or buffer is still open
		this.allocator.close();
	}

	@Test
	void knowsNothingBeforeTheFirstUpdate() {
		assertThat(this.store.cheapest()).isEmpty();
		assertThat(this.store.cheapest("Candy1")).isEmpty();
		assertThat(this.store.stats()).isEqualTo(StoreStats.EMPTY);
	}

	@Test
	void answersTheCheapestCurrentOfferOfACandy() {
		ingest("Candy1", "Store1", 300, T);
		ingest("Candy1", "Store2", 250, T);
		ingest("Candy1", "Store3", 275, T);
		assertThat(this.store.cheapest("Candy1")).contains(new Offer("Candy1", "Store2", 250, T));
		assertThat(this.store.offers("Candy1")).extracting(Offer::storeId)
			.containsExactly("Store2", "Store3", "Store1");
	}

	@Test
	void aPriceRiseAtTheCheapestStoreMovesTheAnswerToTheNextCheapest() {
		ingest("Candy1", "Store1", 100, T);
		ingest("Candy1", "Store2", 200, T);
		ingest("Candy1", "Store1", 500, T + 1000);
		assertThat(this.store.cheapest("Candy1")).contains(new Offer("Candy1", "Store2", 200, T));
		assertThat(this.store.cheapest()).contains(new Offer("Candy1", "Store2", 200, T));
	}

	@Test
	void aLateUpdateEntersTheHistoryButDoesNotChangeTheCurrentOffer() {
		ingest("Candy1", "Store1", 300, T + 5000);
		ingest("Candy1", "Store1", 100, T);
		assertThat(this.store.cheapest("Candy1")).contains(new Offer("Candy1", "Store1", 300, T + 5000));
		assertThat(this.store.stats().rows()).isEqualTo(2);
		assertThat(history()).containsExactly("Candy1/Store1/300/" + (T + 5000), "Candy1/Store1/100/" + T);
	}

	@Test
	void onATieTheLaterUpdateInTheLogWins() {
		ingest("Candy1", "Store1", 300, T);
		ingest("Candy1", "Store1", 400, T);
		assertThat(this.store.cheapest("Candy1")).contains(new Offer("Candy1", "Store1", 400, T));
		assertThat(this.store.stats().offers()).isEqualTo(1);
	}

	@Test
	void equalPricesAreOrderedByStore() {
		ingest("Candy1", "StoreB", 100, T);
		ingest("Candy1", "StoreA", 100, T + 1);
		assertThat(this.store.cheapest("Candy1").map(Offer::storeId)).contains("StoreA");
	}

	@Test
	void theOverallCheapestFollowsEveryCandy() {
		ingest("Candy1", "Store1", 300, T);
		ingest("Candy2", "Store1", 200, T);
		assertThat(this.store.cheapest()).contains(new Offer("Candy2", "Store1", 200, T));
		ingest("Candy2", "Store1", 900, T + 1000);
		assertThat(this.store.cheapest()).contains(new Offer("Candy1", "Store1", 300, T));
		ingest("Candy3", "Store9", 1, T);
		assertThat(this.store.cheapest()).contains(new Offer("Candy3", "Store9", 1, T));
	}

	@Test
	void readersSeeNothingUntilThePublish() {
		this.store.markSeen(0, 0);
		this.store.append(new PriceUpdate("Candy1", "Store1", 100, T));
		assertThat(this.store.cheapest("Candy1")).isEmpty();
		assertThat(this.store.stats().rows()).isZero();
		this.store.publish();
		assertThat(this.store.cheapest("Candy1")).isPresent();
		assertThat(this.store.stats().rows()).isEqualTo(1);
	}

	@Test
	void aReplayedRecordIsNeverCountedTwice() {
		assertThat(this.store.markSeen(0, 0)).isTrue();
		assertThat(this.store.markSeen(0, 1)).isTrue();
		assertThat(this.store.markSeen(3, 0)).isTrue();
		assertThat(this.store.markSeen(0, 1)).isFalse();
		assertThat(this.store.markSeen(0, 0)).isFalse();
		assertThat(this.store.markSeen(3, 0)).isFalse();
		assertThat(this.store.markSeen(0, 2)).isTrue();
	}

	@Test
	void countsWhatItHoldsAndTheArrowMemoryBehindIt() {
		for (int i = 0; i < 2500; i++) {
			ingest("Candy" + (i % 7), "Store" + (i % 11), 100 + i, T + i);
		}
		this.store.reject();
		this.store.publish();
		StoreStats stats = this.store.stats();
		assertThat(stats.rows()).isEqualTo(2500);
		assertThat(stats.ingested()).isEqualTo(2500);
		assertThat(stats.rejected()).isEqualTo(1);
		assertThat(stats.candies()).isEqualTo(7);
		assertThat(stats.stores()).isEqualTo(11);
		assertThat(stats.offers()).isEqualTo(77);
		// Arrow sizes a chunk asked for 1024 rows at 1984: two chunks of ~20.6 bytes a
		// row
		assertThat(stats.arrowBytes()).isEqualTo(this.allocator.getAllocatedMemory())
			.isLessThanOrEqualTo(2 * 1984 * 21L);
		assertThat(history()).hasSize(2500).first().isEqualTo("Candy0/Store0/100/" + T);
	}

	@Test
	void namesThePublishedStoresItCounts() {
		assertThat(this.store.storeIds()).isEmpty();
		ingest("Candy1", "Store2", 100, T);
		ingest("Candy2", "Store1", 100, T);
		ingest("Candy2", "Store2", 100, T);
		this.store.markSeen(0, this.offset++);
		this.store.append(new PriceUpdate("Candy3", "Store3", 100, T));
		assertThat(this.store.storeIds()).containsExactly("Store2", "Store1")
			.hasSize((int) this.store.stats().stores());
		this.store.publish();
		assertThat(this.store.storeIds()).containsExactly("Store2", "Store1", "Store3")
			.hasSize((int) this.store.stats().stores());
	}

	@Test
	void retentionByRowsDropsTheOldestChunksAndReturnsTheirMemory() {
		try (PriceStore bounded = new PriceStore(this.allocator, 1024, new Retention(5000, Duration.ZERO),
				Clock.systemUTC())) {
			for (int i = 0; i < 10_000; i++) {
				bounded.markSeen(0, i);
				bounded.append(new PriceUpdate("Candy" + (i % 3), "Store1", 100 + i, T + i));
			}
			bounded.publish();
			StoreStats stats = bounded.stats();
			// chunks of 1984 rows: at most 5000 rows means two full chunks and the open
			// one
			assertThat(stats.rows()).isLessThanOrEqualTo(5000).isGreaterThan(5000 - 1984);
			assertThat(stats.evictedRows()).isEqualTo(10_000 - stats.rows());
			assertThat(stats.arrowBytes()).isEqualTo(3 * 40960);
			List<Long> times = new ArrayList<>();
			bounded.forEachHistoryRow((candy, store, cents, millis) -> times.add(millis));
			assertThat(times).hasSize((int) stats.rows()).isSorted().last().isEqualTo(T + 9_999);
			// current offers stay whatever the retention: the newest update of each candy
			assertThat(bounded.cheapest("Candy0")).contains(new Offer("Candy0", "Store1", 100 + 9999, T + 9999));
			assertThat(bounded.stats().offers()).isEqualTo(3);
		}
	}

	@Test
	void retentionByAgeDropsChunksWhoseNewestRowIsTooOld() {
		MutableClock clock = new MutableClock(T);
		try (PriceStore aging = new PriceStore(this.allocator, 1024, new Retention(Long.MAX_VALUE, Duration.ofHours(1)),
				clock)) {
			long offset = 0;
			for (int i = 0; i < 1984 * 2; i++) {
				aging.markSeen(0, offset++);
				aging.append(new PriceUpdate("Old", "S", 100, T - Duration.ofHours(2).toMillis()));
			}
			for (int i = 0; i < 10; i++) {
				aging.markSeen(0, offset++);
				aging.append(new PriceUpdate("New", "S", 100, T));
			}
			aging.publish();
			assertThat(aging.stats().rows()).isEqualTo(10);
			assertThat(aging.stats().evictedRows()).isEqualTo(1984 * 2);
			assertThat(aging.cheapest("Old")).isPresent();
			clock.set(T + Duration.ofHours(3).toMillis());
			aging.publish();
			// the open chunk is never dropped: it is where the next row goes
			assertThat(aging.stats().rows()).isEqualTo(10);
		}
	}

	@Test
	void nearTheMemoryLimitItDropsOldHistoryAndKeepsIngesting() {
		// room for three chunks of 40 KiB and a bit
		try (BufferAllocator small = new RootAllocator(3 * 40960 + 1000 + EXPORTS); PriceStore tight = tight(small)) {
			for (int i = 0; i < 20_000; i++) {
				tight.markSeen(0, i);
				tight.append(new PriceUpdate("Candy" + (i % 5), "Store" + (i % 2), 1 + i, T + i));
			}
			tight.publish();
			StoreStats stats = tight.stats();
			assertThat(stats.ingested()).isEqualTo(20_000);
			assertThat(stats.arrowBytes()).isLessThanOrEqualTo(3 * 40960);
			assertThat(stats.rows() + stats.evictedRows()).isEqualTo(20_000);
			assertThat(stats.droppedRows()).isZero();
			assertThat(tight.offers("Candy4")).containsExactly(new Offer("Candy4", "Store0", 19_995, T + 19_994),
					new Offer("Candy4", "Store1", 20_000, T + 19_999));
		}
	}

	@Test
	void aReaderHoldingTheHistoryAtTheMemoryLimitCostsNewRowsNotTheWholeHistory() {
		try (BufferAllocator small = new RootAllocator(3 * 40960 + 1000 + EXPORTS); PriceStore tight = tight(small)) {
			long offset = 0;
			for (; offset < 3 * 1984; offset++) {
				tight.markSeen(0, offset);
				tight.append(new PriceUpdate("Candy1", "Store1", 100 + offset, T + offset));
			}
			tight.publish();
			assertThat(tight.stats().rows()).isEqualTo(3 * 1984);
			try (StoreSnapshot held = tight.snapshot()) {
				for (int i = 0; i < 5000; i++, offset++) {
					tight.markSeen(0, offset);
					tight.append(new PriceUpdate("Candy1", "Store1", 100 + offset, T + offset));
				}
				tight.publish();
				StoreStats stats = tight.stats();
				assertThat(stats.rows()).isEqualTo(3 * 1984);
				assertThat(stats.evictedRows()).isZero();
				assertThat(stats.droppedRows()).isEqualTo(5000);
				assertThat(held.historyRows()).isEqualTo(3 * 1984);
				assertThat(tight.cheapest("Candy1"))
					.contains(new Offer("Candy1", "Store1", 100 + offset - 1, T + offset - 1));
			}
			// let go: the next row takes the oldest chunk's place, as at any memory limit
			tight.markSeen(0, offset);
			tight.append(new PriceUpdate("Candy1", "Store1", 1, T + offset));
			tight.publish();
			assertThat(tight.stats().evictedRows()).isEqualTo(1984);
			assertThat(tight.stats().rows()).isEqualTo(2 * 1984 + 1);
			assertThat(tight.stats().droppedRows()).isEqualTo(5000);
		}
	}

	@Test
	void withNoRoomAtAllForHistoryItStillKeepsCurrentOffers() {
		try (BufferAllocator none = new RootAllocator(1024); PriceStore starved = new PriceStore(none, 1024)) {
			starved.markSeen(0, 0);
			starved.append(new PriceUpdate("Candy1", "Store1", 100, T));
			starved.publish();
			assertThat(starved.stats().rows()).isZero();
			assertThat(starved.stats().droppedRows()).isEqualTo(1);
			assertThat(starved.cheapest("Candy1")).isPresent();
		}
	}

	@Test
	void anEvictedChunkIsFreedOnlyWhenItsLastReaderIsDone() {
		try (PriceStore bounded = new PriceStore(this.allocator, 1024, new Retention(1984, Duration.ZERO),
				Clock.systemUTC())) {
			for (int i = 0; i < 1984; i++) {
				bounded.markSeen(0, i);
				bounded.append(new PriceUpdate("C", "S", 1, T + i));
			}
			bounded.publish();
			long oneChunk = this.allocator.getAllocatedMemory();
			List<Long> seen = new ArrayList<>();
			bounded.forEachHistoryRow((candy, store, cents, millis) -> {
				if (seen.isEmpty()) {
					// while this reader holds the first chunk, the writer evicts it
					for (int i = 1984; i < 1984 * 2 + 1; i++) {
						bounded.markSeen(0, i);
						bounded.append(new PriceUpdate("C", "S", 2, T + i));
					}
					bounded.publish();
					assertThat(this.allocator.getAllocatedMemory()).isGreaterThan(oneChunk);
				}
				seen.add(millis);
			});
			assertThat(seen).hasSize(1984).allSatisfy((millis) -> assertThat(millis).isLessThan(T + 1984));
			// the reader let go: the two evicted chunks' memory is back, the open one
			// remains
			assertThat(this.allocator.getAllocatedMemory()).isEqualTo(oneChunk);
			assertThat(bounded.stats().evictedRows()).isEqualTo(2 * 1984);
		}
	}

	@Test
	void anExportHeldOpenTakesNothingTheHistoryWouldBeEvictedFor() throws Exception {
		try (BufferAllocator small = new RootAllocator(3 * 40960 + 1000 + EXPORTS); PriceStore tight = tight(small)) {
			long offset = 0;
			for (; offset < 1984; offset++) {
				tight.markSeen(0, offset);
				tight.append(new PriceUpdate("Candy1", "Store1", 100 + offset, T + offset));
			}
			tight.publish();
			try (HistoryExporter export = tight.openExport(null)) {
				for (; offset < 3 * 1984; offset++) {
					tight.markSeen(0, offset);
					tight.append(new PriceUpdate("Candy1", "Store1", 100 + offset, T + offset));
				}
				tight.publish();
				assertThat(tight.stats().rows()).isEqualTo(3 * 1984);
				assertThat(tight.stats().evictedRows()).isZero();
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				export.write(Channels.newChannel(out));
				assertThat(out.size()).isGreaterThan(1984 * 16);
			}
		}
	}

	@Test
	void anExportPastTheExportsBudgetFailsAtOnceAndTakesNothing() {
		try (BufferAllocator small = new RootAllocator(3 * 40960 + 1000 + EXPORTS); PriceStore tight = tight(small)) {
			for (long offset = 0; offset < 1984; offset++) {
				tight.markSeen(0, offset);
				tight.append(new PriceUpdate("Candy1", "Store1", 100 + offset, T + offset));
			}
			tight.publish();
			long history = small.getAllocatedMemory();
			List<HistoryExporter> open = new ArrayList<>();
			try {
				ExportMemoryExhaustedException failure = null;
				long held = history;
				while (failure == null && open.size() < 100) {
					held = small.getAllocatedMemory();
					try {
						open.add(tight.openExport(null));
					}
					catch (ExportMemoryExhaustedException ex) {
						failure = ex;
					}
				}
				assertThat(failure).isNotNull();
				assertThat(failure.getMessage()).contains("memory budget");
				assertThat(open).isNotEmpty();
				// the one that failed holds nothing, and the history lost nothing
				assertThat(small.getAllocatedMemory()).isEqualTo(held);
				assertThat(tight.stats().evictedRows()).isZero();
			}
			finally {
				open.forEach(HistoryExporter::close);
			}
			assertThat(small.getAllocatedMemory()).isEqualTo(history);
			tight.openExport("Candy1").close();
		}
	}

	private static PriceStore tight(BufferAllocator allocator) {
		return new PriceStore(allocator, 1024, Retention.UNLIMITED, EXPORTS, Clock.systemUTC());
	}

	private void ingest(String candy, String store, long cents, long millis) {
		assertThat(this.store.markSeen(0, this.offset++)).isTrue();
		this.store.append(new PriceUpdate(candy, store, cents, millis));
		this.store.publish();
	}

	private static final class MutableClock extends Clock {

		private long millis;

		MutableClock(long millis) {
			this.millis = millis;
		}

		void set(long millis) {
			this.millis = millis;
		}

		@Override
		public long millis() {
			return this.millis;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(this.millis);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

	private List<String> history() {
		List<String> rows = new ArrayList<>();
		this.store.forEachHistoryRow(
				(candy, storeId, cents, millis) -> rows.add(candy + "/" + storeId + "/" + cents + "/" + millis));
		return rows;
	}

}
