package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
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
 * The dead-letter topic cannot be written (it does not exist, and the broker creates no
 * topic by itself): the valid records are applied at once, the bad ones are held back
 * with the dead-letter group's commit, and health says so; once the topic exists, every
 * bad record is in it exactly once (the topic was not there, so no send went through
 * before) and nothing valid was applied twice.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"spring.kafka.producer.properties.max.block.ms=500" })
@EmbeddedKafka(topics = DeadLetterTopic.TOPIC, partitions = 2, brokerProperties = "auto.create.topics.enable=false")
class DeadLetterOutageIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Test
	void holdsBadRecordsBackUntilTheDeadLetterTopicTakesThemAndLosesNone() throws Exception {
		ConsumerApi api = new ConsumerApi(this.port);
		// the dead-letter listener starts once the store has caught up
		await().atMost(Duration.ofSeconds(30)).until(() -> api.status("/actuator/health/readiness") == 200);
		List<String> bad = new ArrayList<>();
		try (DeadLetterTopic topic = new DeadLetterTopic(this.broker.getBrokersAsString());
				KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(this.broker),
						new StringSerializer(), new StringSerializer())) {
			for (int i = 0; i < 6; i++) {
				int partition = i % 2;
				bad.add(send(producer, partition, "not json " + i));
				send(producer, partition, "{\"candy_id\":\"Held" + i + "\",\"store_id\":\"S\",\"price\":1." + i
						+ "0,\"timestamp\":1700000000}");
			}

			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(api.body("/cheapest?candy_id=Held5")).contains("\"price\":1.5"));
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(api.body("/actuator/health/deadLetters")).contains("\"DOWN\"")
					.contains("was not acknowledged by candy_prices_raw.DLT"));
			assertThat(api.status("/actuator/health")).isEqualTo(503);
			// nothing committed past a bad record whose dead letter is not written
			Map<TopicPartition, Long> committed = topic.committed();
			for (int partition = 0; partition < 2; partition++) {
				long firstBad = Long.parseLong(bad.get(partition).substring(2));
				assertThat(committed.getOrDefault(new TopicPartition(DeadLetterTopic.TOPIC, partition), 0L))
					.isLessThanOrEqualTo(firstBad);
			}

			topic.admin().createTopics(List.of(new NewTopic(DeadLetterTopic.DEAD_LETTERS, 2, (short) 1))).all().get();
			topic.awaitAllRouted(Duration.ofSeconds(60));

			assertThat(topic.deadLetteredPositions()).containsExactlyInAnyOrderElementsOf(bad);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(api.body("/actuator/health/deadLetters")).contains("\"UP\""));
			assertThat(api.stat("ingested")).isEqualTo(6);
			assertThat(api.stat("rows")).isEqualTo(6);
			assertThat(api.stat("rejected")).isEqualTo(6);
			assertThat(api.metric("candyflow_ingest_dead_letters_total", null)).isEqualTo(6);
			assertThat(api.metric("candyflow_ingest_dead_letter_failures_total", null)).isPositive();
		}
	}

	private static String send(KafkaProducer<String, String> producer, int partition, String value) throws Exception {
		RecordMetadata sent = producer.send(new ProducerRecord<>(DeadLetterTopic.TOPIC, partition, null, value)).get();
		return sent.partition() + "@" + sent.offset();
	}

}
