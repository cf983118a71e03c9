package io.candyflow.consumer.store;

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

	private void ingest(String candy, String store, long cents, long millis) {
		assertThat(this.store.markSeen(0, this.offset++)).isTrue();
		this.store.append(new PriceUpdate(candy, store, cents, millis));
		this.store.publish();
	}

	private List<String> history() {
		List<String> rows = new ArrayList<>();
		this.store.forEachHistoryRow(
				(candy, storeId, cents, millis) -> rows.add(candy + "/" + storeId + "/" + cents + "/" + millis));
		return rows;
	}

}
