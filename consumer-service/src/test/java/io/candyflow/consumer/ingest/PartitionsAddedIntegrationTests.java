package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.NewPartitions;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Partitions added to the topic while updates stream in are read without a restart, from
 * their first offset, and nothing on the old partitions is lost or counted twice
 * meanwhile.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(topics = { DeadLetterTopic.TOPIC, DeadLetterTopic.DEAD_LETTERS }, partitions = 2)
class PartitionsAddedIntegrationTests {

	/** metadata.max.age.ms (10 s) and a rebalance, with room for a busy machine. */
	private static final Duration NEW_PARTITIONS_READ_WITHIN = Duration.ofSeconds(45);

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Test
	void readsPartitionsAddedUnderLoadWithoutARestart() throws Exception {
		ConsumerApi api = new ConsumerApi(this.port);
		await().atMost(Duration.ofSeconds(30)).until(() -> api.status("/actuator/health/readiness") == 200);
		AtomicBoolean loading = new AtomicBoolean(true);
		AtomicInteger sent = new AtomicInteger();
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(this.broker),
				new StringSerializer(), new StringSerializer())) {
			Thread load = new Thread(() -> {
				for (int i = 0; loading.get(); i++) {
					producer.send(new ProducerRecord<>(DeadLetterTopic.TOPIC, i % 2, "Load",
							"{\"candy_id\":\"Load\",\"store_id\":\"S" + (i % 50) + "\",\"price\":1,\"timestamp\":"
									+ (1_700_000_000 + i) + "}"));
					sent.incrementAndGet();
					producer.flush();
				}
			}, "load");
			load.start();
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> api.stat("ingested") > 100);
				try (DeadLetterTopic topic = new DeadLetterTopic(this.broker.getBrokersAsString())) {
					topic.admin()
						.createPartitions(Map.of(DeadLetterTopic.TOPIC, NewPartitions.increaseTo(4)))
						.all()
						.get();
				}
				for (int partition = 2; partition < 4; partition++) {
					producer
						.send(new ProducerRecord<>(DeadLetterTopic.TOPIC, partition, "New" + partition,
								"{\"candy_id\":\"New" + partition + "\",\"store_id\":\"S\",\"price\":2." + partition
										+ "0,\"timestamp\":1700000000}"))
						.get();
				}
				await().atMost(NEW_PARTITIONS_READ_WITHIN).untilAsserted(() -> {
					assertThat(api.body("/cheapest?candy_id=New2")).contains("\"price\":2.2");
					assertThat(api.body("/cheapest?candy_id=New3")).contains("\"price\":2.3");
				});
			}
			finally {
				loading.set(false);
				load.join();
			}
			// what is on the topic (a producer's retry may have written a record twice),
			// every record once
			long total;
			try (DeadLetterTopic topic = new DeadLetterTopic(this.broker.getBrokersAsString())) {
				total = topic.endOffsets(DeadLetterTopic.TOPIC).values().stream().mapToLong(Long::longValue).sum();
			}
			assertThat(total).isGreaterThanOrEqualTo(sent.get() + 2);
			await().atMost(Duration.ofSeconds(30)).until(() -> api.stat("ingested") >= total);
			assertThat(api.stat("ingested")).isEqualTo(total);
			assertThat(api.stat("rows")).isEqualTo(total);
		}
	}

}
