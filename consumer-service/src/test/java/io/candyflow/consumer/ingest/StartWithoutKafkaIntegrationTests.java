package io.candyflow.consumer.ingest;

import java.time.Duration;
import java.util.List;

import io.candyflow.consumer.ConsumerApplication;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer started before there is any Kafka: it starts, serves what it holds
 * (nothing), reports {@code kafka} DOWN and is not ready; the broker comes later, and the
 * topic later still, past the minute the consumer used to wait for it before giving up;
 * then it catches up and becomes ready, without a restart.
 */
class StartWithoutKafkaIntegrationTests {

	/** Longer than the consumer once waited for the topic. */
	private static final Duration TOPIC_LATE_BY = Duration.ofSeconds(65);

	@Test
	void startsServesAndCatchesUpOnceTheBrokerAndTheTopicAppear() throws Exception {
		long started = System.nanoTime();
		try (BootstrapProxy kafka = new BootstrapProxy();
				ConfigurableApplicationContext consumer = new SpringApplicationBuilder(ConsumerApplication.class).run(
						"--server.port=0", "--spring.kafka.bootstrap-servers=" + kafka.address(),
						"--spring.main.banner-mode=off")) {
			ConsumerApi api = new ConsumerApi(((WebServerApplicationContext) consumer).getWebServer().getPort());
			assertThat(api.stat("rows")).isZero();
			assertThat(api.status("/cheapest")).isEqualTo(404);
			assertThat(api.status("/actuator/health/liveness")).isEqualTo(200);
			assertThat(api.status("/actuator/health/readiness")).isEqualTo(503);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(api.body("/actuator/health/kafka")).contains("\"DOWN\""));

			EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
			broker.brokerProperty("auto.create.topics.enable", "false");
			broker.afterPropertiesSet();
			kafka.forwardTo(broker.getBrokersAsString());
			try {
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(api.body("/actuator/health/kafka")).contains("\"UP\""));
				// no topic yet: still serving, still not ready, however long it takes
				Duration left = TOPIC_LATE_BY.minus(Duration.ofNanos(System.nanoTime() - started));
				if (!left.isNegative()) {
					await().pollInterval(Duration.ofSeconds(1))
						.during(left)
						.atMost(left.plusSeconds(10))
						.until(() -> api.status("/actuator/health/readiness") == 503
								&& api.status("/actuator/health/liveness") == 200 && api.status("/stats") == 200);
				}

				broker.doWithAdmin((admin) -> {
					try {
						admin.createTopics(List.of(new NewTopic("candy_prices_raw", 3, (short) 1),
								new NewTopic("candy_prices_raw.DLT", 3, (short) 1)))
							.all()
							.get();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				});
				try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(broker),
						new StringSerializer(), new StringSerializer())) {
					producer
						.send(new ProducerRecord<>("candy_prices_raw", "Late",
								"{\"candy_id\":\"Late\",\"store_id\":\"S\",\"price\":4.20,\"timestamp\":1700000000}"))
						.get();
				}
				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(() -> assertThat(api.body("/cheapest?candy_id=Late")).contains("\"price\":4.2"));
				await().atMost(Duration.ofSeconds(30)).until(() -> api.status("/actuator/health/readiness") == 200);
				assertThat(api.stat("ingested")).isEqualTo(1);
			}
			finally {
				broker.destroy();
			}
		}
	}

}
