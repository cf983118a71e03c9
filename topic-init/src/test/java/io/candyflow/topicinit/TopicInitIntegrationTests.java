package io.candyflow.topicinit;

import java.net.ServerSocket;
import java.util.Map;

import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs topic-init against a real (embedded, KRaft) broker.
 */
@EmbeddedKafka
class TopicInitIntegrationTests {

	@Test
	void createsBothTopicsAndIsIdempotent(EmbeddedKafkaBroker broker) {
		String[] args = { "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
				"--candyflow.topics.name=prices_a", "--candyflow.topics.partitions=4" };
		assertThat(SpringApplication.exit(run(args))).isZero();
		try (ConfigurableApplicationContext again = run(args)) {
			Map<String, TopicDescription> topics = again.getBean(KafkaAdmin.class)
				.describeTopics("prices_a", "prices_a.DLT");
			assertThat(topics).hasSize(2);
			assertThat(topics.get("prices_a").partitions()).hasSize(4);
			assertThat(topics.get("prices_a.DLT").partitions()).hasSize(4);
		}
	}

	@Test
	void failsWithExitCodeTwoWhenTheBrokerNeverAnswers() throws Exception {
		int unusedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			unusedPort = socket.getLocalPort();
		}
		assertThatExceptionOfType(BrokerUnavailableException.class)
			.isThrownBy(() -> run("--spring.kafka.bootstrap-servers=127.0.0.1:" + unusedPort,
					"--candyflow.topics.broker-wait=3s"))
			.withMessageContaining("did not answer within 3 s")
			.satisfies((ex) -> assertThat(ex.getExitCode()).isEqualTo(2));
	}

	private static ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(TopicInitApplication.class).web(WebApplicationType.NONE).run(args);
	}

}
