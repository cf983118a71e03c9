package io.candyflow.consumer.store;

import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.candyflow.price.PriceUpdate;
import io.candyflow.price.RawPriceUpdate;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The consumer's state: every update in an Arrow history and the current offers in an
 * index. See the package documentation for the threading rules: {@link #markSeen},
 * {@link #append}, {@link #reject} and {@link #publish} belong to the single writer,
 * every other method may be called from any thread.
 */
public final class PriceStore implements AutoCloseable {

	private final BufferAllocator allocator;

	/** The exports' own budget, beside the history's. */
	private final BufferAllocator exports;

	private final int chunkRows;

	private final Retention retention;

	private final Clock clock;

	/**
	 * The history, the offers and their dictionaries: replaced as a whole, in one
	 * publication, when partitions are dropped ({@link #dropPartitions}). A reader reads
	 * it once per question, so it sees one state or the next, never half of a drop.
	 */
	private volatile State state;

	/** Per partition, the next offset not yet seen: replays below it are skipped. */
	private long[] nextOffsets = new long[0];

	/** Per partition, the valid updates and the rejected records seen; writer only. */
	private long[] ingestedBy = new long[0];

	private long[] rejectedBy = new long[0];

	/** The partition of the record last marked seen: where an append comes from. */
	private int partition;

	private long ingested;

	private long rejected;

	private volatile StoreStats stats = StoreStats.EMPTY;

	/**
	 * Odd while {@link #publish()} runs: a reader that saw the same even value before and
	 * after reading saw one published state (see {@link #snapshot()}).
	 */
	private volatile long publications;

	/** The exports' budget unless said otherwise, and at most a quarter of the limit. */
	private static final long DEFAULT_EXPORT_MEMORY = 64L << 20;

	/**
	 * Creates a store that keeps all history the memory allows.
	 * @param parent the allocator to take memory from
	 * @param chunkRows minimum rows per Arrow record batch
	 */
	public PriceStore(BufferAllocator parent, int chunkRows) {
		this(parent, chunkRows, Retention.UNLIMITED, Clock.systemUTC());
	}

	/**
	 * Creates a store whose history lives in a child of the given allocator.
	 * @param parent the allocator to take memory from
	 * @param chunkRows minimum rows per Arrow record batch
	 * @param retention how much history to keep
	 * @param clock the clock for retention by age
	 */
	public PriceStore(BufferAllocator parent, int chunkRows, Retention retention, Clock clock) {
		this(parent, chunkRows, retention, Math.min(DEFAULT_EXPORT_MEMORY, parent.getLimit() / 4), clock);
	}

	/**
	 * Creates a store whose history lives in a child of the given allocator, and whose
	 * exports take their memory from a budget of their own: the history's limit is the
	 * rest, so that no export makes the history evict early.
	 * @param parent the allocator to take memory from
	 * @param chunkRows minimum rows per Arrow record batch
	 * @param retention how much history to keep
	 * @param exportMemory the exports' budget, in bytes, less than the parent's limit
	 * @param clock the clock for retention by age
	 */
	public PriceStore(BufferAllocator parent, int chunkRows, Retention retention, long exportMemory, Clock clock) {
		if (exportMemory <= 0 || exportMemory >= parent.getLimit()) {
			throw new IllegalArgumentException("The exports' memory (" + exportMemory
					+ " bytes) must be more than 0 and less than the store's limit (" + parent.getLimit() + " bytes)");
		}
		this.allocator = parent.newChildAllocator("history", 0, parent.getLimit() - exportMemory);
		this.exports = parent.newChildAllocator("exports", 0, exportMemory);
		this.chunkRows = chunkRows;
		this.retention = retention;
		this.state = new State(this.allocator, chunkRows, retention);
		this.clock = clock;
	}

	/**
	 * Records that the Kafka record at this position is being processed.
	 * @param partition the record's partition
	 * @param offset the record's offset
	 * @return {@code false} if the record was seen before (a replay), which must be
	 * skipped
	 */
	public boolean markSeen(int partition, long offset) {
		if (partition >= this.nextOffsets.length) {
			this.nextOffsets = Arrays.copyOf(this.nextOffsets, partition + 1);
			this.ingestedBy = Arrays.copyOf(this.ingestedBy, partition + 1);
			this.rejectedBy = Arrays.copyOf(this.rejectedBy, partition + 1);
		}
		if (offset < this.nextOffsets[partition]) {
			return false;
		}
		this.nextOffsets[partition] = offset + 1;
		this.partition = partition;
		return true;
	}

	/**
	 * The next offset of a partition not yet seen: where reading it again must start so
	 * that nothing is skipped. For the writer, or while the writer applies nothing.
	 * @param partition the partition
	 * @return the offset, 0 for a partition never seen
	 */
	public long nextOffset(int partition) {
		long[] offsets = this.nextOffsets;
		return (partition < offsets.length) ? offsets[partition] : 0;
	}

	/**
	 * Takes back {@link #markSeen} for a record that could not be applied, so that its
	 * redelivery is not skipped as a replay.
	 * @param partition the record's partition
	 * @param offset the record's offset
	 */
	public void forget(int partition, long offset) {
		if (partition < this.nextOffsets.length && this.nextOffsets[partition] == offset + 1) {
			this.nextOffsets[partition] = offset;
		}
	}

	/**
	 * Appends a valid update to the history and, if it is the newest of its (candy,
	 * store), makes it the current offer. Visible to readers after the next
	 * {@link #publish()}.
	 * @param update the update
	 */
	public void append(PriceUpdate update) {
		State state = this.state;
		append(state.candies.encode(update.candyId()), state.stores.encode(update.storeId()), update.priceCents(),
				update.timestampMillis());
	}

	/**
	 * Appends a valid update read straight from a record's bytes, like
	 * {@link #append(PriceUpdate)}: the ids are looked up in the dictionaries by their
	 * bytes, and become strings only the first time they are seen. Allocates nothing for
	 * a known candy and store.
	 * @param update the update; not kept
	 */
	public void append(RawPriceUpdate update) {
		byte[] source = update.source();
		State state = this.state;
		append(state.candies.encode(source, update.candyIdOffset(), update.candyIdLength(), update.candyIdHash()),
				state.stores.encode(source, update.storeIdOffset(), update.storeIdLength(), update.storeIdHash()),
				update.priceCents(), update.timestampMillis());
	}

	/**
	 * Appends a valid update whose ids were found with {@link #candyCode} and
	 * {@link #storeCode}, like {@link #append(PriceUpdate)}.
	 * @param candy the candy's code
	 * @param store the store's code
	 * @param priceCents the price in cents
	 * @param timestampMillis the event time
	 */
	public void append(int candy, int store, long priceCents, long timestampMillis) {
		State state = this.state;
		state.history.append(candy, store, Math.toIntExact(priceCents), timestampMillis);
		state.offers.apply(candy, store, priceCents, timestampMillis);
		state.partitionOf(candy, this.partition);
		this.ingested++;
		if (this.partition < this.ingestedBy.length) {
			this.ingestedBy[this.partition]++;
		}
	}

	/**
	 * The code of a candy id given by its bytes, for
	 * {@link #append(int, int, long, long)}; safe from any thread, and so a decoding
	 * thread can find it ahead of the writer.
	 * @param source the bytes the id is in (ASCII)
	 * @param offset where it starts
	 * @param length its length
	 * @param hash {@link RawPriceUpdate#hash} of those bytes
	 * @return the code, or -1 if the candy was not known at the last {@link #publish()}
	 */
	public int candyCode(byte[] source, int offset, int length, int hash) {
		return this.state.candies.find(source, offset, length, hash);
	}

	/**
	 * The code of a store id given by its bytes, like {@link #candyCode}.
	 * @param source the bytes the id is in (ASCII)
	 * @param offset where it starts
	 * @param length its length
	 * @param hash {@link RawPriceUpdate#hash} of those bytes
	 * @return the code, or -1 if the store was not known at the last {@link #publish()}
	 */
	public int storeCode(byte[] source, int offset, int length, int hash) {
		return this.state.stores.find(source, offset, length, hash);
	}

	/**
	 * The candy id of a code from {@link #candyCode}.
	 * @param code the code
	 * @return the id
	 */
	public String candyName(int code) {
		return this.state.candies.decode(code);
	}

	/**
	 * The store id of a code from {@link #storeCode}.
	 * @param code the code
	 * @return the id
	 */
	public String storeName(int code) {
		return this.state.stores.decode(code);
	}

	/**
	 * Counts a record that was not a valid update.
	 */
	public void reject() {
		this.rejected++;
		if (this.partition < this.rejectedBy.length) {
			this.rejectedBy[this.partition]++;
		}
	}

	/**
	 * Makes everything appended so far visible to readers.
	 */
	public void publish() {
		this.publications++;
		publish(this.state);
		this.publications++;
	}

	private void publish(State state) {
		state.history.publish(this.clock.millis());
		state.offers.publish();
		state.candies.publish();
		state.stores.publish();
		this.stats = new StoreStats(state.history.rows(), state.offers.offerCount(), state.offers.candyCount(),
				state.history.storeCount(), this.ingested, this.rejected, state.history.allocatedBytes(),
				state.history.evictedRows(), state.history.droppedRows());
	}

	/**
	 * Drops everything that came from the given partitions, for a consumer that no longer
	 * owns them (sharded mode), and publishes the rest: the kept history is copied, in
	 * log order, into fresh chunks and the kept current offers into a fresh index, and
	 * the new state replaces the old one in one publication, so that a reader sees the
	 * partitions there or gone, never half gone. The old chunks' memory is freed as soon
	 * as the last reader lets go of them. A partition dropped and read again later is
	 * read from its beginning. Writer only.
	 * <p>
	 * It relies on what Kafka's default partitioner guarantees for the key
	 * {@code candy_id}: all of a candy's updates are in one partition. Rows evicted by
	 * retention or dropped for memory are counted as before: they cannot be told apart by
	 * partition any more.
	 * @param partitions the partitions to drop
	 * @return how many history rows were dropped
	 */
	public long dropPartitions(Collection<Integer> partitions) {
		State old = this.state;
		State kept = new State(this.allocator, this.chunkRows, this.retention);
		boolean[] dropped = new boolean[Math.max(this.nextOffsets.length,
				partitions.stream().mapToInt(Integer::intValue).max().orElse(0) + 1)];
		for (int dropPartition : partitions) {
			dropped[dropPartition] = true;
		}
		int[] codes = new int[old.candies.size()];
		for (int candy = 0; candy < codes.length; candy++) {
			int from = old.partitionOf(candy);
			codes[candy] = (from >= 0 && from < dropped.length && dropped[from]) ? -1
					: kept.candies.encode(old.candies.decode(candy));
			if (codes[candy] >= 0) {
				kept.partitionOf(codes[candy], from);
			}
		}
		long[] droppedRows = new long[1];
		old.history.forEachCode((candy, store, priceCents, timestampMillis) -> {
			if (codes[candy] >= 0) {
				kept.history.append(codes[candy], kept.stores.encode(old.stores.decode(store)), priceCents,
						timestampMillis);
			}
			else {
				droppedRows[0]++;
			}
		});
		for (String candyId : old.offers.candyNames()) {
			OfferIndex.CandyOffers offers = old.offers.offers(candyId);
			int candy = old.candies.find(candyId);
			if (offers != null && codes[candy] >= 0) {
				for (Offer offer : offers.offers()) {
					kept.offers.apply(codes[candy], kept.stores.encode(offer.storeId()), offer.priceCents(),
							offer.timestampMillis());
				}
			}
		}
		for (int dropPartition : partitions) {
			if (dropPartition < this.nextOffsets.length) {
				this.nextOffsets[dropPartition] = 0;
				this.ingested -= this.ingestedBy[dropPartition];
				this.rejected -= this.rejectedBy[dropPartition];
				this.ingestedBy[dropPartition] = 0;
				this.rejectedBy[dropPartition] = 0;
			}
		}
		this.publications++;
		this.state = kept;
		publish(kept);
		this.publications++;
		old.history.close();
		return droppedRows[0];
	}

	/**
	 * The history and the current offers as one {@link #publish()} left them, the
	 * history's chunks referenced until the snapshot is closed. Lock-free: a publish that
	 * overlaps the reading makes the reader read again. (Eviction while the writer opens
	 * a chunk drops the oldest chunk from readers' view at once, between publishes, as
	 * for every reader.)
	 * @return the snapshot, to be closed
	 */
	public StoreSnapshot snapshot() {
		while (true) {
			long before = this.publications;
			if ((before & 1) == 0) {
				State state = this.state;
				History.Snapshot history = state.history.snapshot();
				String[] candyIds = state.history.candyValues();
				String[] storeIds = state.history.storeValues();
				List<OfferIndex.CandyOffers> offers = new ArrayList<>();
				for (String candy : state.offers.candyNames()) {
					offers.add(state.offers.offers(candy));
				}
				// the reads above must be done before the check, as StampedLock's
				// validate() orders them
				VarHandle.acquireFence();
				if (this.publications == before) {
					return acquire(history, candyIds, storeIds, offers);
				}
			}
			Thread.onSpinWait();
		}
	}

	private static StoreSnapshot acquire(History.Snapshot history, String[] candyIds, String[] storeIds,
			List<OfferIndex.CandyOffers> offers) {
		HistoryChunk[] chunks = new HistoryChunk[history.chunks().length];
		int[] rows = new int[chunks.length];
		int acquired = 0;
		for (int i = 0; i < chunks.length; i++) {
			// one that fails was evicted and freed since: it is gone for every reader
			if (history.chunks()[i].tryAcquire()) {
				chunks[acquired] = history.chunks()[i];
				rows[acquired++] = history.rows()[i];
			}
		}
		List<Offer> current = new ArrayList<>();
		for (OfferIndex.CandyOffers candy : offers) {
			current.addAll(Arrays.asList(candy.offers()));
		}
		return new StoreSnapshot(Arrays.copyOf(chunks, acquired), Arrays.copyOf(rows, acquired), candyIds, storeIds,
				current);
	}

	/**
	 * The cheapest current offer of one candy.
	 * @param candyId the candy
	 * @return the offer, empty if the candy is unknown
	 */
	public Optional<Offer> cheapest(String candyId) {
		OfferIndex.CandyOffers offers = this.state.offers.offers(candyId);
		return (offers != null) ? Optional.of(offers.offers()[0]) : Optional.empty();
	}

	/**
	 * Whether the candy has a current offer.
	 * @param candyId the candy
	 * @return {@code true} if it is known
	 */
	public boolean knows(String candyId) {
		return this.state.offers.offers(candyId) != null;
	}

	/**
	 * The cheapest current offer of all candies.
	 * @return the offer, empty if nothing was ingested yet
	 */
	public Optional<Offer> cheapest() {
		return Optional.ofNullable(this.state.offers.cheapest());
	}

	/**
	 * The current offers of one candy, cheapest first.
	 * @param candyId the candy
	 * @return its offers, empty if the candy is unknown
	 */
	public List<Offer> offers(String candyId) {
		OfferIndex.CandyOffers offers = this.state.offers.offers(candyId);
		return (offers != null) ? List.of(offers.offers()) : List.of();
	}

	/**
	 * Current offers, cheapest first, optionally of one candy and/or at one store.
	 * Answered from the offer index: merging the candies' sorted offers for all candies,
	 * a scan of the current offers (never of the history) for one store.
	 * @param candyId the candy, or {@code null} for all
	 * @param storeId the store, or {@code null} for all
	 * @param limit the most offers to return
	 * @return the offers
	 */
	public List<Offer> offers(String candyId, String storeId, int limit) {
		OfferIndex offers = this.state.offers;
		if (candyId != null) {
			return OfferQueries.filter(offers.offers(candyId), storeId, limit);
		}
		return OfferQueries.acrossCandies(offers, storeId, limit);
	}

	/**
	 * Per candy, a summary of its current offers, in candy order.
	 * @return the summaries
	 */
	public List<CandySummary> candies() {
		return OfferQueries.summaries(this.state.offers);
	}

	/**
	 * History rows of one candy in event-time order (ties in log order), optionally at
	 * one store and within a time range; the first {@code limit} from {@code fromMillis}.
	 * @param candyId the candy
	 * @param storeId the store, or {@code null} for all
	 * @param fromMillis earliest event time, inclusive
	 * @param toMillis latest event time, inclusive
	 * @param limit the most rows to return
	 * @return the rows as updates
	 */
	public List<Offer> history(String candyId, String storeId, long fromMillis, long toMillis, int limit) {
		return this.state.history.select(candyId, storeId, fromMillis, toMillis, limit);
	}

	/**
	 * Writes the history (optionally of one candy) as an Arrow IPC stream: columns
	 * {@code candy_id} and {@code store_id} (dictionary-encoded strings), {@code price}
	 * (decimal(11, 2)) and {@code timestamp} (timestamp[ms, UTC]), one record batch per
	 * chunk.
	 * @param candyId the candy, or {@code null} for all
	 * @param out where to write
	 * @throws java.io.IOException if writing fails
	 */
	public void export(String candyId, java.nio.channels.WritableByteChannel out) throws java.io.IOException {
		try (HistoryExporter export = openExport(candyId)) {
			export.write(out);
		}
	}

	/**
	 * Takes a snapshot of the history (optionally of one candy) and all the memory to
	 * write it as {@link #export} does; write it with {@link HistoryExporter#write}, then
	 * close it.
	 * @param candyId the candy, or {@code null} for all
	 * @return the export, to be closed
	 * @throws ExportMemoryExhaustedException if the exports' budget cannot hold it now
	 */
	public HistoryExporter openExport(String candyId) {
		return new HistoryExporter(this.state.history, candyId, this.exports);
	}

	/**
	 * Visits every history row readers may see, oldest first.
	 * @param visitor receives each row
	 */
	void forEachHistoryRow(History.RowVisitor visitor) {
		this.state.history.forEach(visitor);
	}

	public StoreStats stats() {
		return this.stats;
	}

	/**
	 * The store ids behind {@link StoreStats#stores()}: every store seen as of the last
	 * {@link #publish()}, in the order first seen. A sharded instance needs the ids, not
	 * the count, to count stores across shards: a store sells candies of many partitions,
	 * so several shards have seen it. Safe from any thread.
	 * @return the ids, as many as {@code stats().stores()}
	 */
	public List<String> storeIds() {
		// a state's dictionary only grows, and its first values are written before the
		// publish that counted them; a drop replaces both, so read them in one
		// publication
		while (true) {
			long before = this.publications;
			if ((before & 1) == 0) {
				State state = this.state;
				int count = Math.toIntExact(this.stats.stores());
				VarHandle.acquireFence();
				if (this.publications == before) {
					return List.of(state.stores.values(count));
				}
			}
			Thread.onSpinWait();
		}
	}

	@Override
	public void close() {
		this.state.history.close();
		this.allocator.close();
		this.exports.close();
	}

	/**
	 * What a drop replaces as a whole.
	 */
	private static final class State {

		private final StringDictionary candies = new StringDictionary();

		private final StringDictionary stores = new StringDictionary();

		private final OfferIndex offers = new OfferIndex(this.candies, this.stores);

		private final History history;

		/** Writer only: by candy code, the partition plus one its updates came from. */
		private int[] partitions = new int[64];

		State(BufferAllocator allocator, int chunkRows, Retention retention) {
			this.history = new History(allocator, chunkRows, retention, this.candies, this.stores);
		}

		void partitionOf(int candy, int partition) {
			if (candy >= this.partitions.length) {
				this.partitions = Arrays.copyOf(this.partitions, Math.max(candy + 1, this.partitions.length * 2));
			}
			this.partitions[candy] = partition + 1;
		}

		/** The partition a candy's updates came from, -1 if none was marked. */
		int partitionOf(int candy) {
			return ((candy < this.partitions.length) ? this.partitions[candy] : 0) - 1;
		}

	}

}
