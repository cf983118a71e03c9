package io.candyflow.producer.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /prices} against a real (embedded, KRaft) broker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"candyflow.publish.topic=" + PublishIntegrationTests.TOPIC })
@EmbeddedKafka(topics = PublishIntegrationTests.TOPIC, partitions = 3)
class PublishIntegrationTests {

	static final String TOPIC = "publish_it";

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Test
	void publishesEveryUpdateKeyedByCandyInTheOriginalFormat() {
		String body = """
				[{"candy_id":"Candy1","store_id":"Store3","price":2.35,"timestamp":1700000000},
				 {"candy_id":"Candy2","store_id":"Store1","price":1,"timestamp":"2023-11-14T22:13:21Z"}]""";
		ResponseEntity<String> response = RestClient.create("http://127.0.0.1:" + this.port)
			.post()
			.uri("/prices")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(202));
		assertThat(response.getBody()).isEqualTo("{\"accepted\":2}");

		try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
				KafkaTestUtils.consumerProps(this.broker, "verify", false), new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			this.broker.consumeFromAnEmbeddedTopic(consumer, TOPIC);
			ConsumerRecords<String, byte[]> records = KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(10), 2);
			Map<String, String> byKey = StreamSupport.stream(records.spliterator(), false)
				.collect(java.util.stream.Collectors.toMap(ConsumerRecord::key,
						(record) -> new String(record.value(), StandardCharsets.UTF_8)));
			assertThat(byKey).containsOnly(Map.entry("Candy1",
					"{\"candy_id\":\"Candy1\",\"store_id\":\"Store3\",\"price\":2.35,\"timestamp\":1700000000}"),
					Map.entry("Candy2",
							"{\"candy_id\":\"Candy2\",\"store_id\":\"Store1\",\"price\":1,\"timestamp\":1700000001}"));
		}
	}

	@Test
	void publishesNothingFromAnInvalidBatch() {
		String body = "[{\"candy_id\":\"Bad\",\"store_id\":\"S\",\"price\":1},{\"candy_id\":\"Bad\",\"price\":1}]";
		HttpStatusCode status = RestClient.create("http://127.0.0.1:" + this.port)
			.post()
			.uri("/prices")
			.body(body)
			.exchange((request, response) -> response.getStatusCode());
		assertThat(status.value()).isEqualTo(400);
		try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
				KafkaTestUtils.consumerProps(this.broker, "verify-none", false), new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			this.broker.consumeFromAnEmbeddedTopic(consumer, TOPIC);
			List<String> keys = StreamSupport
				.stream(KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(2)).spliterator(), false)
				.map(ConsumerRecord::key)
				.toList();
			assertThat(keys).doesNotContain("Bad");
		}
	}

}
