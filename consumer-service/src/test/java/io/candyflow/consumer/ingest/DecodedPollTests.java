package io.candyflow.consumer.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.InvalidPriceUpdateException;
import io.candyflow.price.PriceUpdate;
import io.candyflow.price.PriceUpdateCodec;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A poll reused from poll to poll gives, for every record, the codec's verdict: the
 * scanner's reading of the common shape (with the ids' codes once the store knows them),
 * Jackson's of any other, the violations of a bad record; and nothing of an earlier,
 * bigger poll is left in it.
 */
class DecodedPollTests {

	private static final long T = 1_700_000_000L;

	private final PriceUpdateCodec codec = new PriceUpdateCodec();

	private BufferAllocator allocator;

	private PriceStore store;

	@BeforeEach
	void createStore() {
		this.allocator = new RootAllocator(64 * 1024 * 1024);
		this.store = new PriceStore(this.allocator, 1024);
	}

	@AfterEach
	void closeStore() {
		this.store.close();
		this.allocator.close();
	}

	@Test
	void givesEveryRecordTheCodecsVerdictPollAfterPoll() {
		DecodedPoll poll = new DecodedPoll();
		SplittableRandom random = new SplittableRandom(14);
		int scanned = 0;
		for (int round = 0; round < 50; round++) {
			// every other poll only of the common shape, which keeps no record
			List<ConsumerRecord<byte[], byte[]>> records = (round % 2 == 0) ? records(random, random.nextInt(0, 3000))
					: valid(random, random.nextInt(1, 3000));
			poll.decode(records, round, 0, 0, this.codec, this.store);
			for (int i = 0; i < records.size(); i++) {
				byte[] value = records.get(i).value();
				Object expected;
				try {
					expected = this.codec.decode(value, Long.MAX_VALUE / 4);
				}
				catch (InvalidPriceUpdateException ex) {
					expected = ex.getViolations();
				}
				Object actual = switch (poll.kind(i)) {
					case DecodedPoll.SCANNED -> new PriceUpdate(this.store.candyName(poll.candy(i)),
							this.store.storeName(poll.store(i)), poll.priceCents(i), poll.timestampMillis(i));
					case DecodedPoll.SCANNED_NEW -> poll.raw(i).toPriceUpdate();
					case DecodedPoll.DECODED -> poll.result(i);
					case DecodedPoll.INVALID -> ((InvalidPriceUpdateException) poll.result(i)).getViolations();
					default -> "kind " + poll.kind(i);
				};
				scanned += (poll.kind(i) == DecodedPoll.SCANNED) ? 1 : 0;
				assertThat(poll.partition(i)).isEqualTo(records.get(i).partition());
				assertThat(poll.offset(i)).isEqualTo(records.get(i).offset());
				assertThat(poll.kafkaTimestamp(i)).isEqualTo(records.get(i).timestamp());
				assertThat(actual)
					.as("record %d of round %d: %s", i, round,
							(value != null) ? new String(value, StandardCharsets.UTF_8) : null)
					.isEqualTo(expected);
			}
			assertThat(poll.epoch()).isEqualTo(round);
			assertThat(poll.size()).isEqualTo(records.size());
			// kept only for a record to dead-letter
			boolean rejects = false;
			for (int i = 0; i < records.size(); i++) {
				rejects |= poll.kind(i) == DecodedPoll.INVALID || poll.kind(i) == DecodedPoll.FAILED;
			}
			assertThat(poll.records()).isSameAs(rejects ? records : null);
			// the store learns the ids, as the writer would: known from the next poll on
			for (int i = 0; i < records.size(); i++) {
				if (poll.kind(i) == DecodedPoll.SCANNED_NEW) {
					this.store.append(poll.raw(i));
				}
			}
			this.store.publish();
			poll.clear();
			assertThat(poll.size()).isZero();
			for (int i = 0; i < records.size(); i++) {
				assertThat(poll.result(i)).isNull();
			}
		}
		assertThat(scanned).as("records the scanner read, ids known").isGreaterThan(10_000);
	}

	private static List<ConsumerRecord<byte[], byte[]>> valid(SplittableRandom random, int count) {
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String json = "{\"candy_id\":\"Candy" + random.nextInt(100)
					+ "\",\"store_id\":\"S\",\"price\":1,\"timestamp\":" + T + "}";
			records.add(new ConsumerRecord<>("candy_prices_raw", 1, i, null, json.getBytes(StandardCharsets.UTF_8)));
		}
		return records;
	}

	/**
	 * Records with every verdict: the common shape, another shape, invalid, empty.
	 */
	private static List<ConsumerRecord<byte[], byte[]>> records(SplittableRandom random, int count) {
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String candy = "Candy" + random.nextInt(100);
			String json = switch (random.nextInt(10)) {
				case 0 -> "{ \"candy_id\": \"" + candy + "\", \"store_id\": \"S\", \"price\": 1.5, \"timestamp\": " + T
						+ " }";
				case 1 -> "{\"candy_id\":\"" + candy + "\",\"store_id\":\"S\",\"price\":-1,\"timestamp\":" + T + "}";
				case 2 -> "not json";
				case 3 -> null;
				default -> "{\"candy_id\":\"" + candy + "\",\"store_id\":\"Store" + random.nextInt(10) + "\",\"price\":"
						+ random.nextInt(1, 1000) + "." + random.nextInt(10, 100) + ",\"timestamp\":"
						+ (T + random.nextInt(1000)) + "}";
			};
			records.add(new ConsumerRecord<>("candy_prices_raw", 0, i, null,
					(json != null) ? json.getBytes(StandardCharsets.UTF_8) : null));
		}
		return records;
	}

}
