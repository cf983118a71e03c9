package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.candyflow.consumer.ConsumerApplication;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas, then one of them replaced by a new one: every bad record is dead-lettered
 * exactly once, by the replica its partition is assigned to in the dead-letter group,
 * although every replica reads, and rejects, every record.
 */
@EmbeddedKafka(topics = { DeadLetterTopic.TOPIC, DeadLetterTopic.DEAD_LETTERS }, partitions = 4)
class DeadLetterReplicasIntegrationTests {

	@Test
	void aBadRecordIsDeadLetteredOnceWhateverTheReplicas(EmbeddedKafkaBroker broker) throws Exception {
		List<String> bad = new ArrayList<>();
		try (DeadLetterTopic topic = new DeadLetterTopic(broker.getBrokersAsString());
				KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(broker),
						new StringSerializer(), new StringSerializer());
				ConfigurableApplicationContext first = start(broker)) {
			ConfigurableApplicationContext second = start(broker);
			try {
				topic.awaitOwners(2, Duration.ofSeconds(60));
				sendBad(producer, bad, "two replicas");
				topic.awaitAllRouted(Duration.ofSeconds(60));
				// both read every record; each counts it, only one sends it
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(api(second).stat("rejected")).isEqualTo(bad.size()));
				assertThat(api(first).stat("rejected")).isEqualTo(bad.size());
			}
			finally {
				second.close();
			}

			topic.awaitOwners(1, Duration.ofSeconds(60));
			sendBad(producer, bad, "one replica");
			topic.awaitAllRouted(Duration.ofSeconds(60));
			try (ConfigurableApplicationContext third = start(broker)) {
				topic.awaitOwners(2, Duration.ofSeconds(60));
				sendBad(producer, bad, "a new replica");
				topic.awaitAllRouted(Duration.ofSeconds(60));
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(api(third).stat("rejected")).isEqualTo(bad.size()));
			}

			assertThat(topic.deadLetteredPositions()).containsExactlyInAnyOrderElementsOf(bad);
		}
	}

	private static void sendBad(KafkaProducer<String, String> producer, List<String> bad, String when)
			throws Exception {
		for (int partition = 0; partition < 4; partition++) {
			RecordMetadata sent = producer
				.send(new ProducerRecord<>(DeadLetterTopic.TOPIC, partition, null, "not json, " + when))
				.get();
			bad.add(sent.partition() + "@" + sent.offset());
		}
	}

	private static ConfigurableApplicationContext start(EmbeddedKafkaBroker broker) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ConsumerApplication.class).run(
				"--server.port=0", "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
				"--spring.main.banner-mode=off");
		ConsumerApi api = api(context);
		await().atMost(Duration.ofSeconds(60)).until(() -> api.status("/actuator/health/readiness") == 200);
		return context;
	}

	private static ConsumerApi api(ConfigurableApplicationContext context) {
		return new ConsumerApi(((WebServerApplicationContext) context).getWebServer().getPort());
	}

}
