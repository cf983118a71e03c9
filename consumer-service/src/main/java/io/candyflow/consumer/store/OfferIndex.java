package io.candyflow.consumer.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current offer of every (candy, store), ordered by price per candy and across
 * candies, so that the cheapest offers are found without looking at the history.
 * <p>
 * The writer changes its private books; {@link #publish()} then replaces the snapshot of
 * every candy it touched (an immutable array, cheapest first) and the overall cheapest
 * offer. Readers only ever see published snapshots.
 */
final class OfferIndex {

	private final Map<String, Book> books = new HashMap<>();

	private final List<Book> touched = new ArrayList<>();

	/** The cheapest offer of every candy, cheapest first. */
	private final TreeSet<Offer> cheapestPerCandy = new TreeSet<>(Offer.CHEAPEST_FIRST);

	private final ConcurrentHashMap<String, Offer[]> published = new ConcurrentHashMap<>();

	private volatile Offer cheapest;

	private int offerCount;

	/**
	 * Applies an update if it is the newest of its (candy, store): a greater event time,
	 * or the same one later in the log. An older update leaves the current offer alone.
	 * @return whether the current offer changed
	 */
	boolean apply(String candyId, String storeId, long priceCents, long timestampMillis) {
		Book book = this.books.computeIfAbsent(candyId, Book::new);
		Offer current = book.byStore.get(storeId);
		if (current != null && timestampMillis < current.timestampMillis()) {
			return false;
		}
		Offer offer = new Offer(candyId, storeId, priceCents, timestampMillis);
		if (current != null) {
			book.byPrice.remove(current);
		}
		else {
			this.offerCount++;
		}
		book.byPrice.add(offer);
		book.byStore.put(storeId, offer);
		if (!book.touched) {
			book.touched = true;
			this.touched.add(book);
		}
		return true;
	}

	void publish() {
		for (Book book : this.touched) {
			book.touched = false;
			this.published.put(book.candyId, book.byPrice.toArray(new Offer[0]));
			Offer first = book.byPrice.first();
			if (book.cheapest != first) {
				if (book.cheapest != null) {
					this.cheapestPerCandy.remove(book.cheapest);
				}
				this.cheapestPerCandy.add(first);
				book.cheapest = first;
			}
		}
		this.touched.clear();
		this.cheapest = this.cheapestPerCandy.isEmpty() ? null : this.cheapestPerCandy.first();
	}

	/**
	 * The published current offers of one candy, cheapest first.
	 * @param candyId the candy
	 * @return its offers, or {@code null} if the candy is unknown
	 */
	Offer[] offers(String candyId) {
		return this.published.get(candyId);
	}

	Offer cheapest() {
		return this.cheapest;
	}

	int offerCount() {
		return this.offerCount;
	}

	int candyCount() {
		return this.books.size();
	}

	private static final class Book {

		private final String candyId;

		private final Map<String, Offer> byStore = new HashMap<>();

		private final TreeSet<Offer> byPrice = new TreeSet<>(Offer.CHEAPEST_FIRST);

		private Offer cheapest;

		private boolean touched;

		Book(String candyId) {
			this.candyId = candyId;
		}

	}

}
