package io.candyflow.consumer.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The current offer of every (candy, store), ordered by price per candy and across
 * candies, so that the cheapest offers are found without looking at the history.
 * <p>
 * The writer's side is addressed by the dictionaries' int codes and holds no object per
 * offer: a book per candy code (an array, not a map), and in each book a slot per store
 * (found through a small open-addressing table of store codes) with the slot's price and
 * time in primitive arrays, and the slots sorted by price then store id (a binary search
 * and a shift per update). An update touches those arrays and nothing else.
 * {@link #publish()} then hands readers, for every candy it touched, a fresh array of
 * {@link Offer}s in that order, making an {@code Offer} only for a slot that changed
 * since the last publish; so an update costs no object, a publish one per changed offer.
 * Readers only ever see published, immutable arrays.
 */
final class OfferIndex {

	private final StringDictionary candies;

	private final StringDictionary stores;

	/** The writer's books, by candy code; {@code null} for a code with no offer yet. */
	private Book[] books = new Book[64];

	private final List<Book> touched = new ArrayList<>();

	/** Every candy's name, in the order its book was made. */
	private final List<String> names = new ArrayList<>();

	/** The writer's copy: the cheapest offer of every candy, cheapest first. */
	private Offer[] cheapestPerCandy = new Offer[16];

	private int candiesInOrder;

	/** Writer only, reused: candies whose cheapest offer changed in this publish. */
	private final List<Book> reordered = new ArrayList<>();

	/**
	 * What readers see, by candy code. Its elements are immutable records, so a reader
	 * sees a candy's offers as of one publish or the next, never half of one.
	 */
	private volatile CandyOffers[] published = new CandyOffers[64];

	/** Every candy's name, sorted; replaced when a candy appears. */
	private volatile String[] candyNames = new String[0];

	private boolean newCandies;

	private volatile Offer cheapest;

	/**
	 * Every candy's cheapest offer, cheapest first; replaced when one of them changes.
	 */
	private volatile Offer[] cheapestPerCandyOrder = new Offer[0];

	private int offerCount;

	OfferIndex(StringDictionary candies, StringDictionary stores) {
		this.candies = candies;
		this.stores = stores;
	}

	/**
	 * Applies an update if it is the newest of its (candy, store): a greater event time,
	 * or the same one later in the log. An older update leaves the current offer alone.
	 * @param candy the candy's code
	 * @param store the store's code
	 * @return whether the current offer changed
	 */
	boolean apply(int candy, int store, long priceCents, long timestampMillis) {
		Book book = (candy < this.books.length) ? this.books[candy] : null;
		if (book == null) {
			book = newBook(candy);
		}
		int slot = book.slotOf(store);
		if (slot >= 0) {
			if (timestampMillis < book.time(slot)) {
				return false;
			}
			book.update(slot, priceCents, timestampMillis);
		}
		else {
			book.add(store, priceCents, timestampMillis);
			this.offerCount++;
		}
		if (!book.touched) {
			book.touched = true;
			this.touched.add(book);
		}
		return true;
	}

	private Book newBook(int candy) {
		if (candy >= this.books.length) {
			this.books = Arrays.copyOf(this.books, Math.max(candy + 1, this.books.length * 2));
		}
		Book book = new Book(candy, this.candies.decode(candy), this.stores);
		this.books[candy] = book;
		this.names.add(book.candyId);
		this.newCandies = true;
		return book;
	}

	void publish() {
		CandyOffers[] view = this.published;
		if (view.length < this.books.length) {
			view = Arrays.copyOf(view, this.books.length);
		}
		for (Book book : this.touched) {
			book.touched = false;
			Offer[] offers = book.publish();
			view[book.candy] = new CandyOffers(offers, book.sumCents);
			if (book.cheapest != offers[0]) {
				this.reordered.add(book);
			}
		}
		this.touched.clear();
		this.published = view;
		if (!this.reordered.isEmpty()) {
			reorderCandies();
			this.cheapest = this.cheapestPerCandy[0];
			this.cheapestPerCandyOrder = Arrays.copyOf(this.cheapestPerCandy, this.candiesInOrder);
		}
		if (this.newCandies) {
			this.newCandies = false;
			this.candyNames = this.names.stream().sorted().toArray(String[]::new);
		}
	}

	/**
	 * Brings the candies' order by cheapest offer up to date: a binary search and a shift
	 * per candy that moved, or, when many moved (a replay touches every candy in every
	 * poll), one sort of them all.
	 */
	private void reorderCandies() {
		if (this.reordered.size() * 8 > this.candiesInOrder) {
			for (Book book : this.reordered) {
				book.cheapest = book.order0();
			}
			if (this.cheapestPerCandy.length < this.names.size()) {
				this.cheapestPerCandy = new Offer[this.books.length];
			}
			int count = 0;
			for (Book book : this.books) {
				if (book != null && book.cheapest != null) {
					this.cheapestPerCandy[count++] = book.cheapest;
				}
			}
			this.candiesInOrder = count;
			Arrays.sort(this.cheapestPerCandy, 0, count, Offer.CHEAPEST_FIRST);
		}
		else {
			for (Book book : this.reordered) {
				if (book.cheapest != null) {
					int at = Arrays.binarySearch(this.cheapestPerCandy, 0, this.candiesInOrder, book.cheapest,
							Offer.CHEAPEST_FIRST);
					System.arraycopy(this.cheapestPerCandy, at + 1, this.cheapestPerCandy, at,
							--this.candiesInOrder - at);
				}
				book.cheapest = book.order0();
				if (this.candiesInOrder == this.cheapestPerCandy.length) {
					this.cheapestPerCandy = Arrays.copyOf(this.cheapestPerCandy, this.candiesInOrder * 2);
				}
				int at = -(Arrays.binarySearch(this.cheapestPerCandy, 0, this.candiesInOrder, book.cheapest,
						Offer.CHEAPEST_FIRST) + 1);
				System.arraycopy(this.cheapestPerCandy, at, this.cheapestPerCandy, at + 1, this.candiesInOrder++ - at);
				this.cheapestPerCandy[at] = book.cheapest;
			}
		}
		this.reordered.clear();
	}

	/**
	 * The published current offers of one candy.
	 * @param candyId the candy
	 * @return its offers, or {@code null} if the candy is unknown
	 */
	CandyOffers offers(String candyId) {
		return offers(this.candies.find(candyId));
	}

	/**
	 * The published current offers of one candy.
	 * @param candy the candy's code, or -1
	 * @return its offers, or {@code null} if the candy is unknown
	 */
	CandyOffers offers(int candy) {
		CandyOffers[] view = this.published;
		return (candy >= 0 && candy < view.length) ? view[candy] : null;
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
		return this.names.size();
	}

	/**
	 * One candy's published offers, cheapest first, and the sum of their prices.
	 */
	record CandyOffers(Offer[] offers, long sumCents) {
	}

	/**
	 * One candy's offers, writer side: a slot per store, in primitive arrays, and the
	 * slots in price-then-store order. Laid out for the few cache lines an update
	 * touches: the store-to-slot table holds the store codes itself, a slot's price and
	 * time sit side by side, and the order is one array of keys (price above, slot below)
	 * that a price change moves within by one shift.
	 */
	private static final class Book {

		/** Bits of an order key that hold the slot: up to 16 million stores a candy. */
		private static final int SLOT_BITS = 24;

		private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;

		private final int candy;

		private final String candyId;

		private final StringDictionary stores;

		/**
		 * Open addressing over store codes: {@code store << 32 | slot + 1}, 0 for empty.
		 */
		private long[] table = new long[8];

		/** Per slot: the store's code, and its published offer. */
		private int[] slotStores = new int[4];

		/** The offer last published for the slot; {@code null} once the slot changed. */
		private Offer[] offers = new Offer[4];

		/** Per slot, side by side: the current price and time. */
		private long[] values = new long[8];

		private int size;

		/**
		 * Order keys ({@code price << SLOT_BITS | slot}), cheapest first, then by store
		 * id.
		 */
		private long[] order = new long[4];

		private long sumCents;

		private Offer cheapest;

		private boolean touched;

		Book(int candy, String candyId, StringDictionary stores) {
			this.candy = candy;
			this.candyId = candyId;
			this.stores = stores;
		}

		int slotOf(int store) {
			int mask = this.table.length - 1;
			for (int i = StringDictionary.spread(store) & mask;; i = (i + 1) & mask) {
				long entry = this.table[i];
				if (entry == 0) {
					return -1;
				}
				if ((int) (entry >>> 32) == store) {
					return (int) entry - 1;
				}
			}
		}

		long time(int slot) {
			return this.values[2 * slot + 1];
		}

		/** A store's first offer: a new slot, put in order. */
		void add(int store, long priceCents, long timestampMillis) {
			int slot = this.size;
			if (slot == this.slotStores.length) {
				int grown = slot * 2;
				this.slotStores = Arrays.copyOf(this.slotStores, grown);
				this.offers = Arrays.copyOf(this.offers, grown);
				this.values = Arrays.copyOf(this.values, 2 * grown);
				this.order = Arrays.copyOf(this.order, grown);
			}
			this.slotStores[slot] = store;
			this.values[2 * slot] = priceCents;
			this.values[2 * slot + 1] = timestampMillis;
			this.size = slot + 1;
			if (this.size * 2 > this.table.length) {
				long[] old = this.table;
				this.table = new long[old.length * 2];
				for (long entry : old) {
					if (entry != 0) {
						place(entry);
					}
				}
			}
			if (slot > SLOT_MASK) {
				throw new IllegalStateException("More than " + SLOT_MASK + " stores for " + this.candyId);
			}
			place(((long) store << 32) | (slot + 1));
			long key = key(priceCents, slot);
			int at = insertionPoint(key, 0, slot);
			System.arraycopy(this.order, at, this.order, at + 1, slot - at);
			this.order[at] = key;
			this.sumCents += priceCents;
		}

		private void place(long entry) {
			int mask = this.table.length - 1;
			int i = StringDictionary.spread((int) (entry >>> 32)) & mask;
			while (this.table[i] != 0) {
				i = (i + 1) & mask;
			}
			this.table[i] = entry;
		}

		/** A store's newer offer: the slot's key moves to its new place in one shift. */
		void update(int slot, long priceCents, long timestampMillis) {
			long oldPrice = this.values[2 * slot];
			this.values[2 * slot] = priceCents;
			this.values[2 * slot + 1] = timestampMillis;
			this.offers[slot] = null;
			if (priceCents == oldPrice) {
				return;
			}
			this.sumCents += priceCents - oldPrice;
			int from = find(key(oldPrice, slot));
			long key = key(priceCents, slot);
			if (priceCents > oldPrice) {
				int to = insertionPoint(key, from + 1, this.size) - 1;
				System.arraycopy(this.order, from + 1, this.order, from, to - from);
				this.order[to] = key;
			}
			else {
				int to = insertionPoint(key, 0, from);
				System.arraycopy(this.order, to, this.order, to + 1, from - to);
				this.order[to] = key;
			}
		}

		private static long key(long priceCents, int slot) {
			return (priceCents << SLOT_BITS) | slot;
		}

		/**
		 * The order of {@link Offer#CHEAPEST_FIRST} within a candy: price, then store id;
		 * the ids are read only when prices are equal. 0 only for the same slot.
		 */
		private int compare(long a, long b) {
			if (a == b) {
				return 0;
			}
			int order = Long.compare(a >>> SLOT_BITS, b >>> SLOT_BITS);
			return (order != 0) ? order : this.stores.decode(this.slotStores[(int) (a & SLOT_MASK)])
				.compareTo(this.stores.decode(this.slotStores[(int) (b & SLOT_MASK)]));
		}

		/** Where a key is in the order; it must be there. */
		private int find(long key) {
			int low = 0;
			int high = this.size - 1;
			while (low <= high) {
				int middle = (low + high) >>> 1;
				int order = compare(this.order[middle], key);
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
			throw new IllegalStateException("Offer index out of order for " + this.candyId);
		}

		/** The first index in [from, to) whose key comes after {@code key}, else to. */
		private int insertionPoint(long key, int from, int to) {
			int low = from;
			int high = to - 1;
			while (low <= high) {
				int middle = (low + high) >>> 1;
				if (compare(this.order[middle], key) < 0) {
					low = middle + 1;
				}
				else {
					high = middle - 1;
				}
			}
			return low;
		}

		/** The cheapest offer as last published. */
		Offer order0() {
			return this.offers[(int) (this.order[0] & SLOT_MASK)];
		}

		/** The offers in order, making an {@code Offer} only for a slot that changed. */
		Offer[] publish() {
			Offer[] published = new Offer[this.size];
			for (int i = 0; i < this.size; i++) {
				int slot = (int) (this.order[i] & SLOT_MASK);
				Offer offer = this.offers[slot];
				if (offer == null) {
					offer = new Offer(this.candyId, this.stores.decode(this.slotStores[slot]), this.values[2 * slot],
							this.values[2 * slot + 1]);
					this.offers[slot] = offer;
				}
				published[i] = offer;
			}
			return published;
		}

	}

}
