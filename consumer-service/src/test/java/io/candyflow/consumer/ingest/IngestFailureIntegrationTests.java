package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.PriceUpdate;
import io.candyflow.price.RawPriceUpdate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.mockito.stubbing.Answer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;

/**
 * A failure of the consumer itself (here: the store throws while appending) loses no
 * record: the batch is retried, longer than spring-kafka's default ten tries, and the
 * record that failed is applied once it goes through, exactly once; also with polls read
 * and queued behind the one that failed (small polls here, so that a few hundred records
 * make several), which are dropped and read again. While a poll keeps failing for longer
 * than {@code candyflow.ingest.stall-timeout}, the {@code ingest} health component is
 * DOWN, and it is UP again once the poll goes through.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"spring.kafka.consumer.max-poll-records=50", "candyflow.ingest.stall-timeout=3s" })
@EmbeddedKafka(topics = { "candy_prices_raw", "candy_prices_raw.DLT" }, partitions = 1)
class IngestFailureIntegrationTests {

	/** One more than the tries after which spring-kafka's default handler gives up. */
	private static final int FAILURES = 11;

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@MockitoSpyBean
	private PriceStore store;

	@Test
	void retriesTheBatchUntilItGoesThroughAndAppliesEveryRecordOnce() {
		ConsumerApi api = new ConsumerApi(this.port);
		long ingested = api.stat("ingested");
		long rows = api.stat("rows");
		AtomicInteger failures = failing("Flaky");

		try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(this.broker),
				new StringSerializer(), new StringSerializer())) {
			producer.send(new ProducerRecord<>("candy_prices_raw", "Steady",
					"{\"candy_id\":\"Steady\",\"store_id\":\"S\",\"price\":1.00,\"timestamp\":1700000000}"));
			producer.send(new ProducerRecord<>("candy_prices_raw", "Flaky",
					"{\"candy_id\":\"Flaky\",\"store_id\":\"S\",\"price\":2.00,\"timestamp\":1700000000}"));
			producer.send(new ProducerRecord<>("candy_prices_raw", "After",
					"{\"candy_id\":\"After\",\"store_id\":\"S\",\"price\":3.00,\"timestamp\":1700000000}"));
		}

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(api.body("/cheapest?candy_id=After")).contains("\"price\":3"));
		assertThat(failures).hasValueGreaterThan(FAILURES);
		assertThat(api.body("/cheapest?candy_id=Flaky")).contains("\"price\":2");
		assertThat(api.stat("ingested")).isEqualTo(ingested + 3);
		assertThat(api.stat("rows")).isEqualTo(rows + 3);
	}

	@Test
	void dropsThePollsQueuedBehindAFailedOneAndAppliesEveryRecordOnce() {
		ConsumerApi api = new ConsumerApi(this.port);
		long ingested = api.stat("ingested");
		long rows = api.stat("rows");
		double retries = api.metric("candyflow_ingest_retries_total", null);
		AtomicInteger failures = failing("FlakyAhead");
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(this.broker),
				new StringSerializer(), new StringSerializer())) {
			for (int i = 0; i < 400; i++) {
				// the candy in the middle fails, with polls applied before it and read
				// after it
				String candy = (i == 200) ? "FlakyAhead" : "Many" + i;
				producer.send(new ProducerRecord<>("candy_prices_raw", candy, "{\"candy_id\":\"" + candy
						+ "\",\"store_id\":\"S\",\"price\":" + (i + 1) + ",\"timestamp\":1700000000}"));
			}
		}

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(api.body("/cheapest?candy_id=Many399")).contains("\"price\":400"));
		assertThat(failures).hasValueGreaterThan(FAILURES);
		assertThat(api.metric("candyflow_ingest_retries_total", null)).isGreaterThan(retries + FAILURES - 1);
		assertThat(api.body("/cheapest?candy_id=FlakyAhead")).contains("\"price\":201");
		assertThat(api.stat("ingested")).isEqualTo(ingested + 400);
		assertThat(api.stat("rows")).isEqualTo(rows + 400);
	}

	@Test
	void reportsIngestDownWhileAPollKeepsFailingAndUpOnceItGoesThrough() {
		ConsumerApi api = new ConsumerApi(this.port);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(api.body("/actuator/health/ingest")).contains("\"UP\""));
		AtomicBoolean broken = new AtomicBoolean(true);
		Answer<?> failing = (invocation) -> {
			if (broken.get()) {
				throw new IllegalStateException("simulated failure of the store");
			}
			return invocation.callRealMethod();
		};
		doAnswer(failing).when(this.store).append(argThat((RawPriceUpdate update) -> update.candyId().equals("Stuck")));
		doAnswer(failing).when(this.store).append(argThat((PriceUpdate update) -> update.candyId().equals("Stuck")));
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(this.broker),
				new StringSerializer(), new StringSerializer())) {
			producer.send(new ProducerRecord<>("candy_prices_raw", "Stuck",
					"{\"candy_id\":\"Stuck\",\"store_id\":\"S\",\"price\":5.00,\"timestamp\":1700000000}"));
		}

		try {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(api.body("/actuator/health/ingest")).contains("\"DOWN\"")
					.contains("no poll could be applied for"));
			assertThat(api.status("/actuator/health")).isEqualTo(503);
			// still serving what it holds
			assertThat(api.status("/actuator/health/liveness")).isEqualTo(200);
			assertThat(api.status("/stats")).isEqualTo(200);
		}
		finally {
			broken.set(false);
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(api.body("/cheapest?candy_id=Stuck")).contains("\"price\":5"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(api.body("/actuator/health/ingest")).contains("\"UP\""));
	}

	/**
	 * Makes the store fail to append the candy's updates, {@value #FAILURES} times.
	 * @return how often it was asked to
	 */
	private AtomicInteger failing(String candy) {
		AtomicInteger failures = new AtomicInteger();
		Answer<?> flaky = (invocation) -> {
			if (failures.incrementAndGet() <= FAILURES) {
				// how Arrow failed on Java 23+, and a type the default handler never
				// retries
				throw new ClassCastException("simulated failure of the store");
			}
			return invocation.callRealMethod();
		};
		// whichever way the record comes in: read from its bytes (its shape is the common
		// one) or decoded by Jackson
		doAnswer(flaky).when(this.store).append(argThat((RawPriceUpdate update) -> update.candyId().equals(candy)));
		doAnswer(flaky).when(this.store).append(argThat((PriceUpdate update) -> update.candyId().equals(candy)));
		return failures;
	}

}
