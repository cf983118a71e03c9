package io.candyflow.consumer.store;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.candyflow.price.PriceUpdate;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The consumer's state: every update in an Arrow history and the current offers in an
 * index. See the package documentation for the threading rules: {@link #markSeen},
 * {@link #append}, {@link #reject} and {@link #publish} belong to the single writer,
 * every other method may be called from any thread.
 */
public final class PriceStore implements AutoCloseable {

	private final BufferAllocator allocator;

	private final History history;

	private final Clock clock;

	private final OfferIndex offers = new OfferIndex();

	/** Per partition, the next offset not yet seen: replays below it are skipped. */
	private long[] nextOffsets = new long[0];

	private long ingested;

	private long rejected;

	private volatile StoreStats stats = StoreStats.EMPTY;

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
		this.allocator = parent.newChildAllocator("history", 0, parent.getLimit());
		this.history = new History(this.allocator, chunkRows, retention);
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
		}
		if (offset < this.nextOffsets[partition]) {
			return false;
		}
		this.nextOffsets[partition] = offset + 1;
		return true;
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
		this.history.append(update.candyId(), update.storeId(), Math.toIntExact(update.priceCents()),
				update.timestampMillis());
		this.offers.apply(update.candyId(), update.storeId(), update.priceCents(), update.timestampMillis());
		this.ingested++;
	}

	/**
	 * Counts a record that was not a valid update.
	 */
	public void reject() {
		this.rejected++;
	}

	/**
	 * Makes everything appended so far visible to readers.
	 */
	public void publish() {
		this.history.publish(this.clock.millis());
		this.offers.publish();
		this.stats = new StoreStats(this.history.rows(), this.offers.offerCount(), this.offers.candyCount(),
				this.history.storeCount(), this.ingested, this.rejected, this.history.allocatedBytes(),
				this.history.evictedRows(), this.history.droppedRows());
	}

	/**
	 * The cheapest current offer of one candy.
	 * @param candyId the candy
	 * @return the offer, empty if the candy is unknown
	 */
	public Optional<Offer> cheapest(String candyId) {
		OfferIndex.CandyOffers offers = this.offers.offers(candyId);
		return (offers != null) ? Optional.of(offers.offers()[0]) : Optional.empty();
	}

	/**
	 * Whether the candy has a current offer.
	 * @param candyId the candy
	 * @return {@code true} if it is known
	 */
	public boolean knows(String candyId) {
		return this.offers.offers(candyId) != null;
	}

	/**
	 * The cheapest current offer of all candies.
	 * @return the offer, empty if nothing was ingested yet
	 */
	public Optional<Offer> cheapest() {
		return Optional.ofNullable(this.offers.cheapest());
	}

	/**
	 * The current offers of one candy, cheapest first.
	 * @param candyId the candy
	 * @return its offers, empty if the candy is unknown
	 */
	public List<Offer> offers(String candyId) {
		OfferIndex.CandyOffers offers = this.offers.offers(candyId);
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
		if (candyId != null) {
			return OfferQueries.filter(this.offers.offers(candyId), storeId, limit);
		}
		return OfferQueries.acrossCandies(this.offers, storeId, limit);
	}

	/**
	 * Per candy, a summary of its current offers, in candy order.
	 * @return the summaries
	 */
	public List<CandySummary> candies() {
		return OfferQueries.summaries(this.offers);
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
		return this.history.select(candyId, storeId, fromMillis, toMillis, limit);
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
		try (BufferAllocator exportAllocator = this.allocator.getParentAllocator()
			.newChildAllocator("export", 0, Long.MAX_VALUE)) {
			new HistoryExporter(this.history, exportAllocator).write(candyId, out);
		}
	}

	/**
	 * Visits every history row readers may see, oldest first.
	 * @param visitor receives each row
	 */
	void forEachHistoryRow(History.RowVisitor visitor) {
		this.history.forEach(visitor);
	}

	public StoreStats stats() {
		return this.stats;
	}

	@Override
	public void close() {
		this.history.close();
		this.allocator.close();
	}

}
