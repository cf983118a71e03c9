package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.PriceUpdate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

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
 * record that failed is applied once it goes through, exactly once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
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
		AtomicInteger failures = new AtomicInteger();
		doAnswer((invocation) -> {
			if (failures.incrementAndGet() <= FAILURES) {
				// how Arrow failed on Java 23+, and a type the default handler never
				// retries
				throw new ClassCastException("simulated failure of the store");
			}
			return invocation.callRealMethod();
		}).when(this.store).append(argThat((PriceUpdate update) -> update.candyId().equals("Flaky")));

		try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(this.broker),
				new StringSerializer(), new StringSerializer())) {
			producer.send(new ProducerRecord<>("candy_prices_raw", "Steady",
					"{\"candy_id\":\"Steady\",\"store_id\":\"S\",\"price\":1.00,\"timestamp\":1700000000}"));
			producer.send(new ProducerRecord<>("candy_prices_raw", "Flaky",
					"{\"candy_id\":\"Flaky\",\"store_id\":\"S\",\"price\":2.00,\"timestamp\":1700000000}"));
			producer.send(new ProducerRecord<>("candy_prices_raw", "After",
					"{\"candy_id\":\"After\",\"store_id\":\"S\",\"price\":3.00,\"timestamp\":1700000000}"));
		}

		ConsumerApi api = new ConsumerApi(this.port);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(api.body("/cheapest?candy_id=After")).contains("\"price\":3"));
		assertThat(failures).hasValueGreaterThan(FAILURES);
		assertThat(api.body("/cheapest?candy_id=Flaky")).contains("\"price\":2");
		assertThat(api.stat("ingested")).isEqualTo(3);
		assertThat(api.stat("rows")).isEqualTo(3);
	}

}
