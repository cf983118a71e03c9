package io.candyflow.consumer.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The merge of owners' {@code /stream}s against two tiny servers that play the owners
 * (canned events, the headers an owner sends), through a third that answers with
 * {@link StreamMerge#serve}, read as a browser would, byte for byte.
 */
class StreamMergeTests {

	// Of 2 partitions, Candy1 and Candy3 are in 1, Candy10 and Candy4 in 0 (murmur2)
	private static final String SNAPSHOT_A = "{\"time\":100,\"candies\":["
			+ "{\"candy_id\":\"Candy1\",\"cheapest_store\":\"Store3\",\"price\":2.35,\"change\":-0.50,\"stores\":2,\"max\":4.5},"
			+ "{\"candy_id\":\"Candy3\",\"cheapest_store\":\"Store1\",\"price\":1,\"stores\":1,\"max\":1}]}";

	/** With a row its board kept from a partition it held before. */
	private static final String SNAPSHOT_B = "{\"time\":105,\"candies\":["
			+ "{\"candy_id\":\"Candy10\",\"cheapest_store\":\"Store2\",\"price\":0.99,\"stores\":3,\"max\":7},"
			+ "{\"candy_id\":\"Candy3\",\"cheapest_store\":\"Store9\",\"price\":9,\"stores\":1,\"max\":9},"
			+ "{\"candy_id\":\"Candy4\",\"cheapest_store\":\"Store5\",\"price\":3,\"stores\":1,\"max\":3}]}";

	private static final String UPDATE_A = "{\"time\":106,\"candies\":["
			+ "{\"candy_id\":\"Candy3\",\"cheapest_store\":\"Store4\",\"price\":0.9,\"change\":-0.10,\"stores\":2,\"max\":1}]}";

	private final Owner a = new Owner(List.of(1));

	private final Owner b = new Owner(List.of(0));

	private final AtomicBoolean planHolds = new AtomicBoolean(true);

	private DisposableServer front;

	private Disposable reading;

	@AfterEach
	void stop() {
		if (this.reading != null) {
			this.reading.dispose();
		}
		if (this.front != null) {
			this.front.disposeNow();
		}
		this.a.server.disposeNow();
		this.b.server.disposeNow();
	}

	@Test
	void theSnapshotIsTheUnionInCandyOrderThenUpdatesPassThrough() {
		this.a.send(snapshot(SNAPSHOT_A));
		this.b.send(snapshot(SNAPSHOT_B));
		Client client = read(merge(Duration.ofHours(1)));

		String merged = "event:snapshot\nretry:2000\ndata:{\"time\":105,\"candies\":["
				+ "{\"candy_id\":\"Candy1\",\"cheapest_store\":\"Store3\",\"price\":2.35,\"change\":-0.50,\"stores\":2,\"max\":4.5},"
				+ "{\"candy_id\":\"Candy10\",\"cheapest_store\":\"Store2\",\"price\":0.99,\"stores\":3,\"max\":7},"
				+ "{\"candy_id\":\"Candy3\",\"cheapest_store\":\"Store1\",\"price\":1,\"stores\":1,\"max\":1},"
				+ "{\"candy_id\":\"Candy4\",\"cheapest_store\":\"Store5\",\"price\":3,\"stores\":1,\"max\":3}]}\n\n";
		await().untilAsserted(() -> assertThat(client.text()).isEqualTo(merged));
		assertThat(client.status.get()).isEqualTo(200);
		assertThat(client.headers.get().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/event-stream");
		assertThat(client.headers.get().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-store");
		assertThat(client.headers.get().get(ClusterRoutes.PARTITIONS)).isEqualTo("0,1");
		// each owner was asked as one of the cluster, for its own partitions
		assertThat(this.a.asked).singleElement().satisfies((headers) -> {
			assertThat(headers.get(ClusterRoutes.HOP)).isNotNull();
			assertThat(headers.get(ClusterRoutes.PARTITIONS)).isEqualTo("1");
		});
		assertThat(this.b.asked).singleElement()
			.satisfies((headers) -> assertThat(headers.get(ClusterRoutes.PARTITIONS)).isEqualTo("0"));

		// an owner's heartbeat is its own; its update, cut across two writes, is passed
		// on
		this.a.send(":heartbeat\n\n");
		String update = "event:update\ndata:" + UPDATE_A + "\n\n";
		this.a.send(update.substring(0, 20));
		this.a.send(update.substring(20));
		await().untilAsserted(() -> assertThat(client.text()).isEqualTo(merged + update));

		// of an update, only what its owner answers for; nothing if that is nothing
		this.b.send("event:update\ndata:{\"time\":107,\"candies\":[{\"candy_id\":\"Candy1\",\"price\":5},"
				+ "{\"candy_id\":\"Candy4\",\"price\":2}]}\n\n");
		this.b.send("event:update\ndata:{\"time\":108,\"candies\":[{\"candy_id\":\"Candy3\",\"price\":5}]}\n\n");
		this.b.send("event:update\ndata:{\"time\":109,\"candies\":[{\"candy_id\":\"Candy10\",\"price\":1}]}\n\n");
		await().untilAsserted(() -> assertThat(client.text()).isEqualTo(merged + update
				+ "event:update\ndata:{\"time\":107,\"candies\":[{\"candy_id\":\"Candy4\",\"price\":2}]}\n\n"
				+ "event:update\ndata:{\"time\":109,\"candies\":[{\"candy_id\":\"Candy10\",\"price\":1}]}\n\n"));
		assertThat(client.done).isFalse();
	}

	@Test
	void updatesBeforeTheLastOwnersSnapshotComeAfterTheMergedSnapshot() {
		this.a.send(snapshot(SNAPSHOT_A) + "event:update\ndata:" + UPDATE_A + "\n\n");
		Client client = read(merge(Duration.ofHours(1)));
		await().until(() -> this.b.asked.size() == 1);
		this.b.send(snapshot(SNAPSHOT_B));
		await().untilAsserted(() -> assertThat(client.events()).hasSize(2));
		assertThat(client.events().get(0)).startsWith("event:snapshot\n");
		assertThat(client.events().get(1)).isEqualTo("event:update\ndata:" + UPDATE_A);
	}

	@Test
	void theClientsStreamEndsWhenAnOwnersStreamEndsAndTheOtherIsLetGo() {
		this.a.send(snapshot(SNAPSHOT_A));
		this.b.send(snapshot(SNAPSHOT_B));
		Client client = read(merge(Duration.ofHours(1)));
		await().until(() -> client.text().startsWith("event:snapshot"));

		this.b.events.tryEmitComplete();
		await().untilTrue(client.done);
		await().until(() -> this.a.cancelled.get() == 1);
	}

	@Test
	void theClientsStreamEndsWhenThePlanChanges() {
		this.a.send(snapshot(SNAPSHOT_A));
		this.b.send(snapshot(SNAPSHOT_B));
		Client client = read(merge(Duration.ofHours(1)));
		await().until(() -> client.text().startsWith("event:snapshot"));

		this.planHolds.set(false);
		await().untilTrue(client.done);
		await().until(() -> this.a.cancelled.get() == 1 && this.b.cancelled.get() == 1);
	}

	@Test
	void theClientsStreamEndsWhenAnOwnerFallsSilent() {
		this.a.send(snapshot(SNAPSHOT_A));
		this.b.send(snapshot(SNAPSHOT_B));
		Client client = read(merge(Duration.ofHours(1), Duration.ofMillis(500)));
		await().until(() -> client.text().startsWith("event:snapshot"));
		assertThat(client.done).isFalse();

		await().untilTrue(client.done);
		assertThat(client.status.get()).isEqualTo(200);
	}

	@Test
	void aClientThatGoesAwayLetsGoOfEveryOwner() {
		this.a.send(snapshot(SNAPSHOT_A));
		this.b.send(snapshot(SNAPSHOT_B));
		Client client = read(merge(Duration.ofHours(1)));
		await().until(() -> client.text().startsWith("event:snapshot"));

		this.reading.dispose();
		await().until(() -> this.a.cancelled.get() == 1 && this.b.cancelled.get() == 1);
	}

	@Test
	void anIdleStreamGetsHeartbeatsOfItsOwn() {
		this.a.send(snapshot(SNAPSHOT_A));
		this.b.send(snapshot(SNAPSHOT_B));
		Client client = read(merge(Duration.ofMillis(100)));
		await().untilAsserted(() -> assertThat(client.text()).contains("]}\n\n:heartbeat\n\n"));
	}

	@Test
	void anOwnerAnsweringForOtherPartitionsGivesA503() {
		this.b.partitions = "0,1";
		this.a.send(snapshot(SNAPSHOT_A));
		this.b.send(snapshot(SNAPSHOT_B));
		Client client = read(merge(Duration.ofHours(1)));
		await().untilTrue(client.done);
		assertThat(client.status.get()).isEqualTo(503);
		assertThat(client.text()).contains(this.b.url()).contains("[0, 1]");
		await().until(() -> this.a.cancelled.get() == 1);
	}

	@Test
	void anOwnerAnswering503GivesA503() {
		this.b.status = 503;
		this.a.send(snapshot(SNAPSHOT_A));
		Client client = read(merge(Duration.ofHours(1)));
		await().untilTrue(client.done);
		assertThat(client.status.get()).isEqualTo(503);
		assertThat(client.text()).contains(this.b.url()).contains("503");
	}

	@Test
	void anOwnerThatSendsNoSnapshotInTimeGivesA503() {
		this.a.send(snapshot(SNAPSHOT_A));
		Client client = read(merge(Duration.ofHours(1)));
		await().untilTrue(client.done);
		assertThat(client.status.get()).isEqualTo(503);
		assertThat(client.text()).contains("in time");
	}

	@Test
	void moreClientsThanTheLimitGet503() {
		this.a.send(snapshot(SNAPSHOT_A));
		this.b.send(snapshot(SNAPSHOT_B));
		StreamMerge merge = merge(Duration.ofHours(1));
		Client first = read(merge);
		await().until(() -> first.text().startsWith("event:snapshot"));
		Disposable firstReading = this.reading;
		Client second = read(merge);
		await().untilTrue(second.done);
		assertThat(second.status.get()).isEqualTo(503);
		assertThat(second.text()).contains("at most 1");
		firstReading.dispose();
	}

	@Test
	void theReaderFindsEventsAcrossChunksAndCharacters() {
		SseReader reader = new SseReader();
		byte[] bytes = "event:update\ndata:{\"candy_id\":\"Bonbon\u00e9\"}\n\n:heartbeat\n\nevent:sn"
			.getBytes(StandardCharsets.UTF_8);
		int cut = "event:update\ndata:{\"candy_id\":\"Bonbon".length() + 1;
		assertThat(reader.read(java.util.Arrays.copyOfRange(bytes, 0, cut))).isEmpty();
		assertThat(reader.read(java.util.Arrays.copyOfRange(bytes, cut, bytes.length))).containsExactly(
				new SseReader.Event("update", "{\"candy_id\":\"Bonbon\u00e9\"}", null),
				new SseReader.Event(null, null, null));
		assertThat(reader.read("apshot\nretry:2000\ndata:{}\n\n".getBytes(StandardCharsets.UTF_8)))
			.containsExactly(new SseReader.Event("snapshot", "{}", "2000"));
	}

	private StreamMerge merge(Duration heartbeat) {
		return merge(heartbeat, Duration.ofHours(1));
	}

	private StreamMerge merge(Duration heartbeat, Duration silence) {
		return new StreamMerge(HttpClient.create(), JsonMapper.builder().build(), Duration.ofMillis(1500), silence,
				Duration.ofMillis(50), heartbeat, 1);
	}

	private Client read(StreamMerge merge) {
		if (this.front == null) {
			Map<Member, Set<Integer>> plan = new LinkedHashMap<>();
			plan.put(this.a.member("a"), Set.of(1));
			plan.put(this.b.member("b"), Set.of(0));
			AtomicReference<StreamMerge> current = new AtomicReference<>(merge);
			this.front = HttpServer.create()
				.host("127.0.0.1")
				.port(0)
				.route((routes) -> routes.get("/stream",
						(request, response) -> current.get()
							.serve(response, plan, 2, this.planHolds::get,
									(refused, detail) -> refused.status(503)
										.header(HttpHeaderNames.RETRY_AFTER, "1")
										.sendString(Mono.just(detail))
										.then())))
				.bindNow();
		}
		Client client = new Client();
		this.reading = HttpClient.create()
			.get()
			.uri("http://127.0.0.1:" + this.front.port() + "/stream")
			.response((response, body) -> {
				client.status.set(response.status().code());
				client.headers.set(response.responseHeaders());
				return body.asString(StandardCharsets.UTF_8);
			})
			.doFinally((signal) -> client.done.set(true))
			.subscribe(client.received::append);
		return client;
	}

	private static String snapshot(String data) {
		return "event:snapshot\nretry:2000\ndata:" + data + "\n\n";
	}

	/** What one browser got. */
	private static final class Client {

		final StringBuffer received = new StringBuffer();

		final AtomicInteger status = new AtomicInteger();

		final AtomicReference<HttpHeaders> headers = new AtomicReference<>();

		final AtomicBoolean done = new AtomicBoolean();

		String text() {
			return this.received.toString();
		}

		List<String> events() {
			return List.of(text().split("\n\n"));
		}

	}

	/**
	 * An owner's local stream, canned: what is sent before it is asked waits for it.
	 */
	private static final class Owner {

		final Sinks.Many<String> events = Sinks.many().multicast().onBackpressureBuffer();

		final List<HttpHeaders> asked = new CopyOnWriteArrayList<>();

		final AtomicInteger cancelled = new AtomicInteger();

		final List<Integer> owned;

		volatile String partitions;

		volatile int status = 200;

		final DisposableServer server;

		Owner(List<Integer> owned) {
			this.owned = owned;
			this.partitions = ClusterRoutes.join(Set.copyOf(owned));
			this.server = HttpServer.create()
				.host("127.0.0.1")
				.port(0)
				.route((routes) -> routes.get("/stream", (request, response) -> {
					this.asked.add(request.requestHeaders().copy());
					if (this.status != 200) {
						return response.status(this.status)
							.header(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
							.sendString(Mono.just("{\"status\":" + this.status + "}"));
					}
					return response.status(200)
						.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
						.header(HttpHeaderNames.CACHE_CONTROL, "no-store")
						.header(ClusterRoutes.PARTITIONS, this.partitions)
						.send(this.events.asFlux()
							.doOnCancel(this.cancelled::incrementAndGet)
							.map((text) -> Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)), (buffer) -> true);
				}))
				.bindNow();
		}

		void send(String text) {
			this.events.emitNext(text, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
		}

		String url() {
			return "http://127.0.0.1:" + this.server.port();
		}

		Member member(String id) {
			return new Member(id, url(), this.owned, true, 1);
		}

	}

}
