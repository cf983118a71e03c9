package io.candyflow.consumer.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.candyflow.price.PriceUpdate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One writer appends millions of rows while retention keeps evicting chunks, and several
 * readers scan the history and query offers all the while. Every row is built so that its
 * fields follow from its timestamp, so a torn row (in a scan or in an export), a row from
 * a freed buffer or a half-published batch shows up as an inconsistency. Half the rows go
 * in the way the listener's fast path hands them over (ids as bytes), half as objects.
 */
class PriceStoreConcurrencyTests {

	private static final long T = 1_700_000_000_000L;

	private static final int ROWS = 2_000_000;

	private static final int BATCH = 500;

	private static final int READERS = 3;

	@Test
	void readersOnlyEverSeeWholeRowsWhileTheWriterAppendsAndEvicts() throws Exception {
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicLong scans = new AtomicLong();
		AtomicLong rowsRead = new AtomicLong();
		try (BufferAllocator allocator = new RootAllocator(256L * 1024 * 1024);
				PriceStore store = new PriceStore(allocator, 4096, new Retention(100_000, Duration.ZERO),
						Clock.systemUTC())) {
			CountDownLatch readersDone = new CountDownLatch(READERS);
			for (int r = 0; r < READERS; r++) {
				Thread reader = new Thread(() -> {
					try {
						while (writing.get()) {
							scan(store, rowsRead);
							exportAndReadBack(store);
							checkOffer(store.cheapest("C7"), "C7");
							checkOffer(store.cheapest(), null);
							store.offers("C7").forEach((offer) -> checkOffer(Optional.of(offer), "C7"));
							checkCodes(store);
							store.offers(null, null, 20).forEach((offer) -> checkOffer(Optional.of(offer), null));
							assertThat(store.stats().rows()).isLessThanOrEqualTo(100_000);
							scans.incrementAndGet();
						}
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
					finally {
						readersDone.countDown();
					}
				}, "reader-" + r);
				reader.start();
			}
			try {
				for (int i = 0; i < ROWS; i++) {
					store.markSeen(0, i);
					if (i % 2 == 0) {
						store.append(RawUpdates.of(row(i)));
					}
					else {
						store.append(row(i));
					}
					if (i % BATCH == BATCH - 1) {
						store.publish();
					}
				}
				store.publish();
			}
			finally {
				writing.set(false);
			}
			assertThat(readersDone.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			assertThat(failures).isEmpty();
			assertThat(scans.get()).as("reader passes").isGreaterThan(READERS);
			assertThat(rowsRead.get()).isGreaterThan(100_000);
			StoreStats stats = store.stats();
			assertThat(stats.ingested()).isEqualTo(ROWS);
			assertThat(stats.rows() + stats.evictedRows()).isEqualTo(ROWS);
			assertThat(stats.offers()).isEqualTo(49 * 20);
		}
	}

	private static PriceUpdate row(long i) {
		// whole seconds, the shape the scanner reads
		return new PriceUpdate("C" + (i % 49), "S" + (i % 20), i % 100_000 + 1, T + i * 1000);
	}

	private static void scan(PriceStore store, AtomicLong rowsRead) {
		long[] previous = { Long.MIN_VALUE };
		long[] count = { 0 };
		store.forEachHistoryRow((candy, storeId, cents, millis) -> {
			long i = (millis - T) / 1000;
			PriceUpdate expected = row(i);
			if (!candy.equals(expected.candyId()) || !storeId.equals(expected.storeId())
					|| cents != expected.priceCents() || millis <= previous[0]) {
				throw new AssertionError("Inconsistent row " + candy + "/" + storeId + "/" + cents + "/" + millis
						+ " after " + previous[0]);
			}
			previous[0] = millis;
			count[0]++;
		});
		rowsRead.addAndGet(count[0]);
	}

	/**
	 * Exports the history and reads it back with Arrow's reader: every row consistent.
	 */
	private static void exportAndReadBack(PriceStore store) throws Exception {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		store.export(null, java.nio.channels.Channels.newChannel(out));
		try (BufferAllocator allocator = new RootAllocator();
				org.apache.arrow.vector.ipc.ArrowStreamReader reader = new org.apache.arrow.vector.ipc.ArrowStreamReader(
						new java.io.ByteArrayInputStream(out.toByteArray()), allocator)) {
			org.apache.arrow.vector.VectorSchemaRoot root = reader.getVectorSchemaRoot();
			while (reader.loadNextBatch()) {
				org.apache.arrow.vector.DecimalVector prices = (org.apache.arrow.vector.DecimalVector) root
					.getVector("price");
				org.apache.arrow.vector.TimeStampMilliTZVector times = (org.apache.arrow.vector.TimeStampMilliTZVector) root
					.getVector("timestamp");
				for (int i = 0; i < root.getRowCount(); i++) {
					long expected = row((times.get(i) - T) / 1000).priceCents();
					if (prices.getObject(i).movePointRight(2).longValueExact() != expected) {
						throw new AssertionError(
								"Exported row at " + times.get(i) + " has price " + prices.getObject(i));
					}
				}
			}
		}
	}

	/**
	 * The codes a decoding thread finds by an id's bytes, while the writer adds ids:
	 * none, or the id's own.
	 */
	private static void checkCodes(PriceStore store) {
		for (int i = 0; i < 49; i++) {
			byte[] id = ("C" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
			int code = store.candyCode(id, 0, id.length, io.candyflow.price.RawPriceUpdate.hash(id, 0, id.length));
			if (code >= 0) {
				assertThat(store.candyName(code)).isEqualTo("C" + i);
			}
		}
		byte[] id = "S3".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		int code = store.storeCode(id, 0, id.length, io.candyflow.price.RawPriceUpdate.hash(id, 0, id.length));
		if (code >= 0) {
			assertThat(store.storeName(code)).isEqualTo("S3");
		}
	}

	private static void checkOffer(Optional<Offer> offer, String candy) {
		offer.ifPresent((found) -> {
			PriceUpdate expected = row((found.timestampMillis() - T) / 1000);
			assertThat(found).isEqualTo(new Offer(expected.candyId(), expected.storeId(), expected.priceCents(),
					expected.timestampMillis()));
			if (candy != null) {
				assertThat(found.candyId()).isEqualTo(candy);
			}
		});
	}

}
