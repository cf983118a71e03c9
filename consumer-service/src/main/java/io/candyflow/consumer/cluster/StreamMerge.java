package io.candyflow.consumer.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/**
 * {@code /stream} over every partition: the local stream of one owner of each, merged.
 * The client gets one {@code snapshot}, the union of the owners' first ones, once every
 * owner has sent its own, then their {@code update}s as they come. Whatever would make
 * the merge wrong from then on (an owner's stream ending or failing, the plan changing)
 * ends the client's stream instead: its EventSource reconnects and gets a fresh merged
 * snapshot, where patching the merge up in place would need the owners' boards. Nothing
 * an owner refuses, or does not snapshot in time, becomes a 200.
 */
final class StreamMerge {

	private static final Logger logger = LoggerFactory.getLogger(StreamMerge.class);

	private static final String SNAPSHOT = "snapshot";

	private static final String UPDATE = "update";

	/** As the local stream sends it. */
	private static final String HEARTBEAT = ":heartbeat\n\n";

	/** Ends the merged stream; never sent. */
	private static final String END = new String("end");

	private final HttpClient client;

	private final JsonMapper json;

	private final Duration snapshotTimeout;

	private final Duration tick;

	private final long heartbeatNanos;

	private final int maxClients;

	private final AtomicInteger clients = new AtomicInteger();

	/**
	 * @param client the cluster's pooled client
	 * @param json parses the owners' events
	 * @param snapshotTimeout how long every owner has to send its first snapshot
	 * @param silence an owner's stream quiet this long is dead (its heartbeats stopped)
	 * @param tick how often the plan is checked and a heartbeat considered
	 * @param heartbeat how long an idle stream waits for a heartbeat
	 * @param maxClients at most this many merged streams at once
	 */
	StreamMerge(HttpClient client, JsonMapper json, Duration snapshotTimeout, Duration silence, Duration tick,
			Duration heartbeat, int maxClients) {
		this.client = client.responseTimeout(silence);
		this.json = json;
		this.snapshotTimeout = snapshotTimeout;
		this.tick = tick;
		this.heartbeatNanos = heartbeat.toNanos();
		this.maxClients = maxClients;
	}

	/**
	 * Answers a client's {@code /stream}.
	 * @param response the client's response
	 * @param plan one ready owner of every partition, with its partitions
	 * @param count the topic's partitions
	 * @param planHolds whether the routing still gives the same plan
	 * @param unavailable answers 503 with a detail
	 * @return the answer
	 */
	Publisher<Void> serve(HttpServerResponse response, Map<Member, Set<Integer>> plan, int count,
			BooleanSupplier planHolds, BiFunction<HttpServerResponse, String, Publisher<Void>> unavailable) {
		if (this.clients.incrementAndGet() > this.maxClients) {
			this.clients.decrementAndGet();
			return unavailable.apply(response,
					"The live stream serves at most " + this.maxClients + " merged clients at once; try again shortly");
		}
		Set<Integer> covered = new TreeSet<>();
		plan.values().forEach(covered::addAll);
		return events(plan, count, planHolds).switchOnFirst((first, all) -> {
			if (first.hasValue()) {
				return response.status(200)
					.header(HttpHeaderNames.CONTENT_TYPE, MediaType.TEXT_EVENT_STREAM_VALUE)
					.header(HttpHeaderNames.CACHE_CONTROL, "no-store")
					.header(ClusterRoutes.PARTITIONS, ClusterRoutes.join(covered))
					.send(all.map((text) -> Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))),
							(buffer) -> true)
					.then();
			}
			String why = first.hasError() ? first.getThrowable().getMessage() : "No owner sent a snapshot";
			if (first.hasError() && !(first.getThrowable() instanceof Refused)) {
				why = "Not every owner sent its snapshot in time (" + first.getThrowable() + ")";
			}
			return unavailable.apply(response, why);
		}).doFinally((signal) -> this.clients.decrementAndGet()).then();
	}

	/**
	 * The merged stream's events, as sent: first the merged snapshot, or an error if
	 * there is none.
	 */
	Flux<String> events(Map<Member, Set<Integer>> plan, int count, BooleanSupplier planHolds) {
		return Flux.defer(() -> {
			List<Flux<Tagged>> upstreams = new ArrayList<>();
			int index = 0;
			for (Map.Entry<Member, Set<Integer>> entry : plan.entrySet()) {
				int upstream = index++;
				Member member = entry.getKey();
				upstreams.add(open(member, entry.getValue()).map((event) -> new Tagged(upstream, event))
					.onErrorResume((ex) -> {
						logger.debug("/stream of {} failed: {}", member.url(), ex.toString());
						return Mono.just(new Tagged(upstream, new Ended(member.url() + ": " + ex.getMessage(), ex)));
					})
					.concatWith(
							Mono.fromSupplier(() -> new Tagged(upstream, new Ended(member.url() + " ended", null)))));
			}
			upstreams.add(Flux.interval(this.tick, this.tick).map((tick) -> Tagged.TICK));
			Gather gather = new Gather(List.copyOf(plan.values()), count, planHolds);
			return Flux.merge(upstreams).concatMapIterable(gather::next).takeWhile((text) -> text != END);
		}).timeout(Mono.delay(this.snapshotTimeout), (first) -> Mono.never());
	}

	/**
	 * One owner's local stream, if it answers for the partitions it is asked for.
	 */
	private Flux<SseReader.Event> open(Member member, Set<Integer> partitions) {
		String expected = ClusterRoutes.join(partitions);
		return this.client
			.headers((headers) -> headers.set(ClusterRoutes.HOP, "1").set(ClusterRoutes.PARTITIONS, expected))
			.get()
			.uri(member.url() + "/stream")
			.response((reply, body) -> {
				int status = reply.status().code();
				Set<Integer> answered = ClusterRoutes.partitions(reply.responseHeaders().get(ClusterRoutes.PARTITIONS));
				if (status != 200 || !partitions.equals(answered)) {
					// the body is not read: the connection is closed, not pooled
					return Flux.error(new Refused(member.url() + " answered /stream with " + status + " for partitions "
							+ answered + ", not " + partitions));
				}
				SseReader reader = new SseReader();
				return body.asByteArray().concatMapIterable(reader::read);
			});
	}

	/**
	 * The snapshot of the union: every owner's rows, as they were written, in candy order
	 * as the local board keeps them, at the latest of the owners' times.
	 * @param snapshots each owner's snapshot data
	 * @param partitions the partitions each answers for, in the same order
	 * @param count the topic's partitions
	 */
	String mergeSnapshots(List<String> snapshots, List<Set<Integer>> partitions, int count) {
		long time = Long.MIN_VALUE;
		TreeMap<String, String> rows = new TreeMap<>();
		for (int i = 0; i < snapshots.size(); i++) {
			Rows owned = owned(snapshots.get(i), partitions.get(i), count);
			time = Math.max(time, owned.time());
			rows.putAll(owned.rows());
		}
		return data(time, rows);
	}

	/**
	 * An event's data with only the rows of the partitions its owner answers for: a board
	 * keeps the rows of partitions its instance lost, and an instance that gained some
	 * sends their rows before this stream hears of it.
	 */
	Rows owned(String data, Set<Integer> partitions, int count) {
		long time = Long.MIN_VALUE;
		TreeMap<String, String> rows = new TreeMap<>();
		boolean all = true;
		try (JsonParser parser = this.json.createParser(data)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException("An event's data is not a JSON object: " + data);
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (name.equals("time")) {
					time = parser.getLongValue();
				}
				else if (name.equals("candies") && value == JsonToken.START_ARRAY) {
					while (parser.nextToken() == JsonToken.START_OBJECT) {
						int start = Math.toIntExact(parser.currentTokenLocation().getCharOffset());
						JsonNode row = parser.readValueAsTree();
						int end = Math.toIntExact(parser.currentLocation().getCharOffset());
						String candy = row.get("candy_id").asString();
						if (partitions.contains(Partitions.of(candy, count))) {
							// copied, not re-serialised: a change of -0.50 stays -0.50
							rows.put(candy, data.substring(start, end));
						}
						else {
							all = false;
						}
					}
				}
				else {
					parser.skipChildren();
				}
			}
		}
		return new Rows(time, rows, all);
	}

	private static String data(long time, Map<String, String> rows) {
		return "{\"time\":" + time + ",\"candies\":[" + String.join(",", rows.values()) + "]}";
	}

	private static String wire(String name, String retry, String data) {
		StringBuilder text = new StringBuilder(data.length() + 48).append("event:").append(name);
		if (retry != null) {
			text.append("\nretry:").append(retry);
		}
		return text.append("\ndata:").append(data.replace("\n", "\ndata:")).append("\n\n").toString();
	}

	/**
	 * The state of one merged stream: the owners' snapshots until all are in, then what
	 * to pass on. Called by one signal at a time ({@link Flux#merge}).
	 */
	private final class Gather {

		private final List<Set<Integer>> partitions;

		private final int count;

		private final String[] snapshots;

		private final BooleanSupplier planHolds;

		private final List<String> early = new ArrayList<>();

		private String retry;

		private int missing;

		private long lastSent;

		Gather(List<Set<Integer>> partitions, int count, BooleanSupplier planHolds) {
			this.partitions = partitions;
			this.count = count;
			this.snapshots = new String[partitions.size()];
			this.missing = partitions.size();
			this.planHolds = planHolds;
		}

		List<String> next(Tagged tagged) {
			boolean merged = this.missing == 0;
			if (tagged.ended() != null) {
				if (!merged) {
					throw new Refused(tagged.ended().why() + " before its snapshot", tagged.ended().cause());
				}
				return end(tagged.ended().why());
			}
			if (tagged == Tagged.TICK) {
				return merged ? tick() : List.of();
			}
			SseReader.Event event = tagged.event();
			if (event.isComment()) {
				// the merged stream has heartbeats of its own
				return List.of();
			}
			if (SNAPSHOT.equals(event.name()) && this.snapshots[tagged.upstream()] == null) {
				this.snapshots[tagged.upstream()] = event.data();
				this.retry = (this.retry != null) ? this.retry : event.retry();
				if (--this.missing > 0) {
					return List.of();
				}
				List<String> texts = new ArrayList<>();
				texts.add(wire(SNAPSHOT, this.retry,
						mergeSnapshots(List.of(this.snapshots), this.partitions, this.count)));
				texts.addAll(this.early);
				this.early.clear();
				sent();
				return texts;
			}
			if (UPDATE.equals(event.name()) && this.snapshots[tagged.upstream()] != null) {
				Rows owned;
				try {
					owned = owned(event.data(), this.partitions.get(tagged.upstream()), this.count);
				}
				catch (RuntimeException ex) {
					if (!merged) {
						throw new Refused("An owner's update is not understood: " + ex.getMessage(), ex);
					}
					return end("an owner's update is not understood: " + ex);
				}
				if (owned.rows().isEmpty()) {
					return List.of();
				}
				String text = wire(UPDATE, null, owned.all() ? event.data() : data(owned.time(), owned.rows()));
				if (!merged) {
					// after its owner's snapshot, so after the merged one
					this.early.add(text);
					return List.of();
				}
				sent();
				return List.of(text);
			}
			String why = "an owner's /stream sent " + event.name() + " out of order";
			if (!merged) {
				throw new Refused(why, null);
			}
			return end(why);
		}

		private List<String> end(String why) {
			logger.debug("Ending a merged /stream: {}", why);
			return List.of(END);
		}

		private List<String> tick() {
			if (!this.planHolds.getAsBoolean()) {
				return end("the partitions' owners changed");
			}
			if (System.nanoTime() - this.lastSent >= StreamMerge.this.heartbeatNanos) {
				sent();
				return List.of(HEARTBEAT);
			}
			return List.of();
		}

		private void sent() {
			this.lastSent = System.nanoTime();
		}

	}

	/**
	 * An owner's event, its stream's end, or a tick, and from which owner.
	 */
	private record Tagged(int upstream, SseReader.Event event, Ended ended) {

		static final Tagged TICK = new Tagged(-1, null, null);

		Tagged(int upstream, SseReader.Event event) {
			this(upstream, event, null);
		}

		Tagged(int upstream, Ended ended) {
			this(upstream, null, ended);
		}

	}

	private record Ended(String why, Throwable cause) {
	}

	/**
	 * The rows of an event that its owner answers for, by candy.
	 *
	 * @param time the event's time
	 * @param rows each row's JSON, as the owner wrote it
	 * @param all whether that is every row of the event
	 */
	record Rows(long time, Map<String, String> rows, boolean all) {
	}

	/**
	 * An owner that refused, or broke off before the merge had a snapshot: a 503.
	 */
	static final class Refused extends RuntimeException {

		Refused(String message) {
			super(message);
		}

		Refused(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
