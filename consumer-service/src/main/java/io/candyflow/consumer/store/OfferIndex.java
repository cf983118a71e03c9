package io.candyflow.consumer.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current offer of every (candy, store), ordered by price per candy and across
 * candies, so that the cheapest offers are found without looking at the history.
 * <p>
 * The writer keeps, per candy, a sorted array of its offers that it changes in place (a
 * binary search and a shift per update). {@link #publish()} then hands readers a copy of
 * the array of every candy it touched and the overall cheapest offer. Readers only ever
 * see published, immutable arrays.
 */
final class OfferIndex {

	private final Map<String, Book> books = new HashMap<>();

	private final List<Book> touched = new ArrayList<>();

	/** The cheapest offer of every candy, cheapest first. */
	private final TreeSet<Offer> cheapestPerCandy = new TreeSet<>(Offer.CHEAPEST_FIRST);

	private final ConcurrentHashMap<String, CandyOffers> published = new ConcurrentHashMap<>();

	/** Every candy's name, sorted; replaced when a candy appears. */
	private volatile String[] candyNames = new String[0];

	private boolean newCandies;

	private volatile Offer cheapest;

	/**
	 * Every candy's cheapest offer, cheapest first; replaced when one of them changes.
	 */
	private volatile Offer[] cheapestPerCandyOrder = new Offer[0];

	private int offerCount;

	/**
	 * Applies an update if it is the newest of its (candy, store): a greater event time,
	 * or the same one later in the log. An older update leaves the current offer alone.
	 * @return whether the current offer changed
	 */
	boolean apply(String candyId, String storeId, long priceCents, long timestampMillis) {
		Book book = this.books.get(candyId);
		if (book == null) {
			book = new Book(candyId);
			this.books.put(candyId, book);
			this.newCandies = true;
		}
		Offer current = book.byStore.get(storeId);
		if (current != null && timestampMillis < current.timestampMillis()) {
			return false;
		}
		Offer offer = new Offer(candyId, storeId, priceCents, timestampMillis);
		if (current != null) {
			book.remove(current);
		}
		else {
			this.offerCount++;
		}
		book.insert(offer);
		book.byStore.put(storeId, offer);
		if (!book.touched) {
			book.touched = true;
			this.touched.add(book);
		}
		return true;
	}

	void publish() {
		boolean reordered = false;
		for (Book book : this.touched) {
			book.touched = false;
			this.published.put(book.candyId, new CandyOffers(Arrays.copyOf(book.byPrice, book.size), book.sumCents));
			Offer first = book.byPrice[0];
			if (book.cheapest != first) {
				if (book.cheapest != null) {
					this.cheapestPerCandy.remove(book.cheapest);
				}
				this.cheapestPerCandy.add(first);
				book.cheapest = first;
				reordered = true;
			}
		}
		this.touched.clear();
		this.cheapest = this.cheapestPerCandy.isEmpty() ? null : this.cheapestPerCandy.first();
		if (reordered) {
			this.cheapestPerCandyOrder = this.cheapestPerCandy.toArray(new Offer[0]);
		}
		if (this.newCandies) {
			this.newCandies = false;
			this.candyNames = this.books.keySet().stream().sorted().toArray(String[]::new);
		}
	}

	/**
	 * The published current offers of one candy.
	 * @param candyId the candy
	 * @return its offers, or {@code null} if the candy is unknown
	 */
	CandyOffers offers(String candyId) {
		return this.published.get(candyId);
	}

	/**
	 * The name of every candy with a published offer, sorted.
	 */
	String[] candyNames() {
		return this.candyNames;
	}

	Offer cheapest() {
		return this.cheapest;
	}

	/**
	 * Every candy's cheapest offer, cheapest first: where a merge across candies starts.
	 */
	Offer[] cheapestPerCandy() {
		return this.cheapestPerCandyOrder;
	}

	int offerCount() {
		return this.offerCount;
	}

	int candyCount() {
		return this.books.size();
	}

	/**
	 * One candy's offers: by store, and sorted by price then store in an array the writer
	 * changes in place.
	 */
	/**
	 * One candy's published offers, cheapest first, and the sum of their prices.
	 */
	record CandyOffers(Offer[] offers, long sumCents) {
	}

	private static final class Book {

		private final String candyId;

		private final Map<String, Offer> byStore = new HashMap<>();

		private Offer[] byPrice = new Offer[4];

		/** The prices of {@link #byPrice}, side by side: the search reads no Offer. */
		private long[] prices = new long[4];

		private int size;

		private long sumCents;

		private Offer cheapest;

		private boolean touched;

		Book(String candyId) {
			this.candyId = candyId;
		}

		void insert(Offer offer) {
			int at = -(search(offer) + 1);
			if (this.size == this.byPrice.length) {
				this.byPrice = Arrays.copyOf(this.byPrice, this.size * 2);
				this.prices = Arrays.copyOf(this.prices, this.size * 2);
			}
			System.arraycopy(this.byPrice, at, this.byPrice, at + 1, this.size - at);
			System.arraycopy(this.prices, at, this.prices, at + 1, this.size - at);
			this.byPrice[at] = offer;
			this.prices[at] = offer.priceCents();
			this.size++;
			this.sumCents += offer.priceCents();
		}

		void remove(Offer offer) {
			int at = search(offer);
			System.arraycopy(this.byPrice, at + 1, this.byPrice, at, this.size - at - 1);
			System.arraycopy(this.prices, at + 1, this.prices, at, this.size - at - 1);
			this.byPrice[--this.size] = null;
			this.sumCents -= offer.priceCents();
		}

		/**
		 * Binary search by price, then store: the order of {@link Offer#CHEAPEST_FIRST}.
		 */
		private int search(Offer offer) {
			int low = 0;
			int high = this.size - 1;
			while (low <= high) {
				int middle = (low + high) >>> 1;
				int order = Long.compare(this.prices[middle], offer.priceCents());
				if (order == 0) {
					order = this.byPrice[middle].storeId().compareTo(offer.storeId());
				}
				if (order < 0) {
					low = middle + 1;
				}
				else if (order > 0) {
					high = middle - 1;
				}
				else {
					return middle;
				}
			}
			return -(low + 1);
		}

	}

}
