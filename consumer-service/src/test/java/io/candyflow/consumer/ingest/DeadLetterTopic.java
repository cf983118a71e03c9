package io.candyflow.consumer.ingest;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.springframework.kafka.support.KafkaHeaders;

import static org.awaitility.Awaitility.await;

/**
 * The price topic's dead-lettering as a test sees it on the broker: how far the
 * dead-letter group has committed, and which records the dead-letter topic holds.
 */
final class DeadLetterTopic implements AutoCloseable {

	static final String TOPIC = "candy_prices_raw";

	static final String DEAD_LETTERS = "candy_prices_raw.DLT";

	static final String GROUP = "candyflow-consumer";

	private final String bootstrap;

	private final Admin admin;

	DeadLetterTopic(String bootstrap) {
		this.bootstrap = bootstrap;
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
	}

	Admin admin() {
		return this.admin;
	}

	/**
	 * Waits until the dead-letter group has committed the end of every partition of the
	 * price topic: every dead letter of what is on the topic now was acknowledged.
	 */
	void awaitAllRouted(Duration timeout) {
		await().atMost(timeout).until(() -> {
			Map<TopicPartition, Long> ends = endOffsets(TOPIC);
			Map<TopicPartition, Long> committed = committed();
			return ends.entrySet()
				.stream()
				.allMatch((end) -> end.getValue() == 0 || end.getValue().equals(committed.get(end.getKey())));
		});
	}

	/**
	 * Waits until the dead-letter group is stable with this many members, each owning
	 * partitions.
	 */
	void awaitOwners(int members, Duration timeout) {
		await().atMost(timeout).until(() -> {
			ConsumerGroupDescription group = this.admin.describeConsumerGroups(List.of(GROUP))
				.describedGroups()
				.get(GROUP)
				.get();
			return group.groupState() == GroupState.STABLE && group.members().size() == members
					&& group.members().stream().allMatch((member) -> !member.assignment().topicPartitions().isEmpty());
		});
	}

	Map<TopicPartition, Long> committed() throws Exception {
		Map<TopicPartition, OffsetAndMetadata> offsets = this.admin.listConsumerGroupOffsets(GROUP)
			.partitionsToOffsetAndMetadata()
			.get();
		Map<TopicPartition, Long> committed = new HashMap<>();
		offsets.forEach((partition, offset) -> {
			if (offset != null) {
				committed.put(partition, offset.offset());
			}
		});
		return committed;
	}

	Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
		Set<TopicPartition> partitions = this.admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get()
			.get(topic)
			.partitions()
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.collect(Collectors.toSet());
		return this.admin
			.listOffsets(partitions.stream().collect(Collectors.toMap((p) -> p, (p) -> OffsetSpec.latest())))
			.all()
			.get()
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
	}

	/**
	 * Every record on the dead-letter topic, as the position of the record it stands for
	 * ({@code partition@offset}), once per copy.
	 */
	List<String> deadLetteredPositions() throws Exception {
		Map<TopicPartition, Long> ends = endOffsets(DEAD_LETTERS);
		List<String> positions = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
						"test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			consumer.assign(ends.keySet());
			consumer.seekToBeginning(ends.keySet());
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					int partition = ByteBuffer
						.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value())
						.getInt();
					long offset = ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
						.getLong();
					positions.add(partition + "@" + offset);
				}
				return ends.entrySet().stream().allMatch((end) -> consumer.position(end.getKey()) >= end.getValue());
			});
		}
		return positions;
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(2));
	}

}
