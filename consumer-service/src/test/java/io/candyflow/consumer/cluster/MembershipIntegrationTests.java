package io.candyflow.consumer.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances' memberships against a real (embedded) broker: they find each other, see
 * a graceful stop at once and a crash after the timeout, and settle a contested partition
 * by generation. Each test has a members topic of its own.
 */
@EmbeddedKafka
class MembershipIntegrationTests {

	private static final Duration WITHIN = Duration.ofSeconds(30);

	@Test
	void theyFindEachOtherAndAGracefulStopIsSeenAtOnce(EmbeddedKafkaBroker broker) throws Exception {
		// a timeout far longer than the wait below: only the tombstone can explain the
		// drop
		ClusterProperties properties = properties(Duration.ofSeconds(120));
		try (Membership a = new Membership(properties, "http://a:8080", kafka(broker));
				Membership b = new Membership(properties, "http://b:8080", kafka(broker))) {
			a.advertise(Set.of(0, 1), true, 1);
			// before Kafka has seen anything: an instance routes to itself at once
			assertThat(a.routing().owner(0)).map(Member::instanceId).hasValue(a.self());
			a.start();
			b.start();
			b.advertise(Set.of(2), false, 1);

			await().atMost(WITHIN).untilAsserted(() -> {
				assertThat(ids(a.routing().members())).containsExactlyInAnyOrder(a.self(), b.self());
				assertThat(ids(b.routing().members())).containsExactlyInAnyOrder(a.self(), b.self());
			});
			assertThat(a.routing().owner(2)).map(Member::url).hasValue("http://b:8080");
			// b owns 2 but has not caught up with it
			assertThat(a.routing().plan(3)).isEmpty();

			b.advertise(Set.of(2), true, 1);
			await().atMost(WITHIN).untilAsserted(() -> assertThat(a.routing().plan(3)).hasValueSatisfying((plan) -> {
				assertThat(plan).hasSize(2);
				assertThat(plan.entrySet()).anySatisfy((entry) -> {
					assertThat(entry.getKey().instanceId()).isEqualTo(a.self());
					assertThat(entry.getValue()).containsExactly(0, 1);
				});
				assertThat(plan.entrySet()).anySatisfy((entry) -> {
					assertThat(entry.getKey().instanceId()).isEqualTo(b.self());
					assertThat(entry.getValue()).containsExactly(2);
				});
			}));

			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			a.bindTo(meters);
			assertThat(meters.get("candyflow.cluster.members").gauge().value()).isEqualTo(2);

			b.close();
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(ids(a.routing().members())).containsExactly(a.self()));
			assertThat(a.routing().owner(2)).isEmpty();
			assertThat(meters.get("candyflow.cluster.members").gauge().value()).isEqualTo(1);
		}
		assertCompactedAndDeleted(broker, properties.membersTopic());
	}

	@Test
	void aCrashedMemberIsNotRoutedToAfterTheTimeout(EmbeddedKafkaBroker broker) {
		ClusterProperties properties = properties(Duration.ofSeconds(2));
		try (Membership a = new Membership(properties, "http://a:8080", kafka(broker));
				Membership b = new Membership(properties, "http://b:8080", kafka(broker))) {
			a.start();
			b.start();
			a.advertise(Set.of(0), true, 1);
			b.advertise(Set.of(1), true, 1);
			await().atMost(WITHIN).untilAsserted(() -> assertThat(a.routing().plan(2)).isPresent());

			b.abandon();
			long crashed = System.nanoTime();
			await().atMost(WITHIN).untilAsserted(() -> assertThat(a.routing().owner(1)).isEmpty());
			// not a tombstone: it took the timeout, less the heartbeat b last sent before
			assertThat(Duration.ofNanos(System.nanoTime() - crashed)).isGreaterThan(Duration.ofSeconds(1));
			assertThat(ids(a.routing().members())).containsExactly(a.self());
			assertThat(a.routing().plan(2)).isEmpty();
		}
	}

	@Test
	void theNewerGenerationWinsAContestedPartition(EmbeddedKafkaBroker broker) {
		ClusterProperties properties = properties(Duration.ofSeconds(10));
		try (Membership a = new Membership(properties, "http://a:8080", kafka(broker));
				Membership b = new Membership(properties, "http://b:8080", kafka(broker))) {
			a.start();
			b.start();
			a.advertise(Set.of(0, 1), true, 1);
			b.advertise(Set.of(2), true, 1);
			await().atMost(WITHIN).untilAsserted(() -> assertThat(owner(b, 1)).isEqualTo(a.self()));
			await().atMost(WITHIN).untilAsserted(() -> assertThat(owner(a, 2)).isEqualTo(b.self()));

			// a rebalance: b has heard of it, a not yet, and still claims 1
			b.advertise(Set.of(1, 2), true, 2);
			await().atMost(WITHIN).untilAsserted(() -> {
				assertThat(owner(a, 1)).isEqualTo(b.self());
				assertThat(owner(b, 1)).isEqualTo(b.self());
			});
			assertThat(owner(a, 0)).isEqualTo(a.self());

			// a's older claim, repeated by its heartbeats (every 100 ms), does not take
			// it back
			await().during(Duration.ofMillis(500))
				.atMost(WITHIN)
				.until(() -> b.self().equals(owner(a, 1)) && b.self().equals(owner(b, 1)));

			a.advertise(Set.of(0), true, 2);
			await().atMost(WITHIN).untilAsserted(() -> assertThat(b.routing().plan(3)).isPresent());
		}
	}

	@Test
	void aSuspectIsRoutedToAgainOnceItIsHeardFrom(EmbeddedKafkaBroker broker) {
		ClusterProperties properties = properties(Duration.ofSeconds(10));
		try (Membership a = new Membership(properties, "http://a:8080", kafka(broker));
				Membership b = new Membership(properties, "http://b:8080", kafka(broker))) {
			a.start();
			b.start();
			a.advertise(Set.of(0), true, 1);
			b.advertise(Set.of(1), true, 1);
			await().atMost(WITHIN).untilAsserted(() -> assertThat(owner(a, 1)).isEqualTo(b.self()));

			long version = a.version();
			a.suspect(b.self());
			assertThat(a.routing().owner(1)).isEmpty();
			assertThat(a.version()).isGreaterThan(version);
			// b's next heartbeat
			await().atMost(WITHIN).untilAsserted(() -> assertThat(owner(a, 1)).isEqualTo(b.self()));
		}
	}

	@Test
	void withoutKafkaItRoutesToItselfAndStillStops() {
		ClusterProperties properties = properties(Duration.ofSeconds(10));
		Membership alone = new Membership(properties, "http://a:8080",
				Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"));
		alone.start();
		alone.advertise(Set.of(0), true, 1);
		assertThat(alone.routing().plan(1)).isPresent();
		long closing = System.nanoTime();
		alone.close();
		assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(20));
		assertThat(alone.routing().members()).isEmpty();
	}

	private static void assertCompactedAndDeleted(EmbeddedKafkaBroker broker, String topic) throws Exception {
		try (Admin admin = Admin.create(kafka(broker))) {
			TopicDescription description = admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(topic);
			assertThat(description.partitions()).hasSize(1);
			ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
			Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
			assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
				.isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE);
			// a crashed member's last record goes after an hour
			assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("3600000");
		}
	}

	private static String owner(Membership membership, int partition) {
		return membership.routing().owner(partition).map(Member::instanceId).orElse(null);
	}

	private static List<String> ids(Collection<Member> members) {
		return members.stream().map(Member::instanceId).toList();
	}

	private static ClusterProperties properties(Duration memberTimeout) {
		return new ClusterProperties(null, "members-" + UUID.randomUUID(), Duration.ofMillis(100), memberTimeout,
				Duration.ofSeconds(2), Duration.ofSeconds(1));
	}

	private static Map<String, Object> kafka(EmbeddedKafkaBroker broker) {
		return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
	}

}
