package io.candyflow.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker stops and comes back under a running producer and consumer (the stack of
 * {@code ./candyflow up}): the producer answers 503 within 10 s meanwhile, the consumer
 * keeps answering and shows the outage in its health, both recover by themselves, and no
 * update acknowledged with 202 is lost.
 */
class OutageIntegrationTests {

	@TempDir
	Path home;

	private Candyflow candyflow;

	@BeforeEach
	void up() throws Exception {
		this.candyflow = new Candyflow(this.home);
		assertThat(this.candyflow.run("up").exitCode()).isZero();
	}

	@AfterEach
	void down() throws Exception {
		this.candyflow.run("down");
	}

	@Test
	void aBrokerRestartLosesNothingAcknowledgedAndNeedsNoServiceRestart() throws Exception {
		int producer = this.candyflow.producerPort();
		int consumer = this.candyflow.consumerPort();
		Map<Integer, Integer> outcomes = new ConcurrentHashMap<>();
		Map<Integer, Long> slowest = new ConcurrentHashMap<>();
		AtomicBoolean posting = new AtomicBoolean(true);
		Thread poster = new Thread(() -> {
			for (int i = 0; posting.get(); i++) {
				long start = System.nanoTime();
				int status;
				try {
					status = Http
						.post(producer, "/prices",
								"{\"candy_id\":\"Outage\",\"store_id\":\"S" + i + "\",\"price\":1,\"timestamp\":"
										+ (1_700_000_000 + i) + "}")
						.statusCode();
				}
				catch (RuntimeException ex) {
					// no answer at all (a client-side timeout): not a 202, so nothing to
					// find later
					status = -1;
				}
				outcomes.put(i, status);
				slowest.merge(status, (System.nanoTime() - start) / 1_000_000, Math::max);
				// a steady trickle, not a flood: keeps every acknowledged update within
				// one
				// /history page
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
			}
		}, "poster");
		poster.start();
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.containsValue(202));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> Http.status(consumer, "/cheapest?candy_id=Outage") == 200);

			this.candyflow.kill("kafka");
			await().atMost(Duration.ofSeconds(60))
				.until(() -> outcomes.values().stream().filter((s) -> s == 503).count() >= 2);
			// the consumer keeps serving what it holds, stays ready, and says Kafka is
			// away
			assertThat(Http.get(consumer, "/cheapest?candy_id=Outage").statusCode()).isEqualTo(200);
			assertThat(Http.status(consumer, "/actuator/health/readiness")).isEqualTo(200);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> Http.get(consumer, "/actuator/health").body().contains("\"kafka\":{\"status\":\"DOWN\"}"));
			assertThat(Http.get(producer, "/actuator/health").body()).contains("\"kafka\":{\"status\":\"DOWN\"}");

			// up starts only what is missing: Kafka
			assertThat(this.candyflow.run("up").output()).contains("starting Kafka")
				.doesNotContain("starting consumer");
			int acceptedBefore = count(outcomes, 202);
			await().atMost(Duration.ofSeconds(90)).until(() -> count(outcomes, 202) > acceptedBefore + 5);
		}
		finally {
			posting.set(false);
			poster.join(TimeUnit.SECONDS.toMillis(30));
		}
		assertThat(slowest.get(503)).as("slowest 503, ms").isLessThan(10_000);

		Set<String> acknowledged = new java.util.TreeSet<>();
		outcomes.forEach((i, status) -> {
			if (status == 202) {
				acknowledged.add("S" + i);
			}
		});
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			Set<String> stored = new java.util.TreeSet<>();
			Matcher stores = Pattern.compile("\"store_id\":\"(S\\d+)\"")
				.matcher(Http.get(consumer, "/history?candy_id=Outage&limit=10000").body());
			while (stores.find()) {
				stored.add(stores.group(1));
			}
			assertThat(stored).containsAll(acknowledged);
		});
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Http.get(consumer, "/actuator/health").body().contains("\"kafka\":{\"status\":\"UP\"}"));
		assertThat(Files.exists(this.home.resolve("kafka/data/meta.properties"))).isTrue();
	}

	private static int count(Map<Integer, Integer> outcomes, int status) {
		return (int) outcomes.values().stream().filter((s) -> s == status).count();
	}

}
