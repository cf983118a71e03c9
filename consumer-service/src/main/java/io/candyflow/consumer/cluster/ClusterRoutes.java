package io.candyflow.consumer.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.candyflow.consumer.ingest.Ownership;
import io.candyflow.consumer.query.CandyNotFoundException;
import io.candyflow.consumer.query.OfferJson;
import io.candyflow.consumer.query.Queries;
import io.candyflow.consumer.store.CandySummary;
import io.candyflow.consumer.store.ExportMemoryExhaustedException;
import io.candyflow.consumer.store.HistoryExporter;
import io.candyflow.consumer.store.OfferBatch;
import io.candyflow.consumer.store.Offer;
import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.store.StoreSnapshot;
import io.candyflow.consumer.web.JsonOutput;
import io.candyflow.consumer.web.QueryArguments;
import io.candyflow.consumer.web.StreamedBody;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;

/**
 * Any instance answers any query, in sharded mode, ahead of the local routes:
 * <ul>
 * <li>a per-candy query whose partition this instance holds, caught up, goes on to the
 * local routes as in full mode;
 * <li>one whose partition another instance owns is forwarded to it, and its answer sent
 * back as it came;
 * <li>an all-candy query is asked of one owner of every partition (this one included) for
 * its shard, in the shard format ({@link ShardJson}), and the shards merged
 * ({@link ShardMerge});
 * <li>{@code /export} of all candies streams every shard's history
 * ({@value #SHARD_HISTORY}) as one Arrow stream ({@link MergedStreams}); SQL reads the
 * same way ({@link ShardTables}).
 * <li>{@code /stream} is every owner's local stream, merged ({@link StreamMerge}).
 * </ul>
 * Every answer names the partitions it covered ({@value #PARTITIONS}). A partition with
 * no live, ready owner, or an owner that does not answer even after one retry with fresh
 * routing, gives {@code 503} with {@code Retry-After}: never a partial answer. A request
 * from another instance carries {@value #HOP} and is answered from this instance's own
 * shard only.
 */
final class ClusterRoutes implements NettyRouteProvider, AutoCloseable {

	static final String HOP = "X-CandyFlow-Hop";

	static final String PARTITIONS = "X-CandyFlow-Partitions";

	/** A shard's own history, in the export's format, for an export or SQL over all. */
	static final String SHARD_HISTORY = "/shard/history";

	/** A shard's own current offers, as Arrow, for SQL over all. */
	static final String SHARD_OFFERS = "/shard/offers";

	private static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";

	private static final int OFFERS_PER_BATCH = 65_536;

	private static final Logger logger = LoggerFactory.getLogger(ClusterRoutes.class);

	private static final Set<String> SCATTERED = Set.of("/cheapest", "/offers", "/candies", "/stats");

	static final Set<String> PER_CANDY = Set.of("/cheapest", "/offers", "/history", "/export");

	/** What is not merged across shards yet: refused rather than answered in part. */
	private static final Set<String> SHARD_TABLES = Set.of(SHARD_HISTORY, SHARD_OFFERS);

	private static final String STREAM = "/stream";

	private final Cluster cluster;

	private final Partitions partitions;

	private final Ownership ownership;

	private final Queries queries;

	private final PriceStore store;

	private final HttpClient client;

	private final ShardStreams streams;

	private final BufferAllocator allocator;

	private final ShardJson shards;

	private final JsonMapper problems;

	private final Duration forwardTimeout;

	private final MeterRegistry meters;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	private final StreamMerge live;

	ClusterRoutes(Cluster cluster, Partitions partitions, Ownership ownership, Queries queries, PriceStore store,
			HttpClient client, ShardStreams streams, BufferAllocator allocator, JsonMapper json,
			ClusterProperties properties, MeterRegistry meters, StreamMerge live) {
		this.cluster = cluster;
		this.streams = streams;
		this.allocator = allocator;
		this.partitions = partitions;
		this.ownership = ownership;
		this.queries = queries;
		this.store = store;
		this.client = client;
		this.shards = new ShardJson(json);
		this.problems = json.rebuild().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();
		this.forwardTimeout = properties.forwardTimeout();
		this.meters = meters;
		this.live = live;
	}

	@Override
	public void close() {
		this.allocator.close();
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes.route(this::intercepts, this::handle);
	}

	/**
	 * Whether this request is the cluster's to answer; the others go on to the local
	 * routes.
	 */
	private boolean intercepts(HttpServerRequest request) {
		String path = path(request.uri());
		HttpMethod method = request.method();
		if (SHARD_TABLES.contains(path)) {
			return method == HttpMethod.GET && request.requestHeaders().contains(HOP);
		}
		if (path.equals(STREAM)) {
			// another instance's upstream goes on to the local stream only if this
			// instance's shard is what that instance planned for
			return method == HttpMethod.GET && !(request.requestHeaders().contains(HOP)
					&& holdsReady(request.requestHeaders().get(PARTITIONS)));
		}
		if (!SCATTERED.contains(path) && !PER_CANDY.contains(path)) {
			return false;
		}
		if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
			return false;
		}
		String candy = candyOf(request);
		if (candy != null && PER_CANDY.contains(path)) {
			int count = this.partitions.count();
			if (count == 0) {
				return true;
			}
			Ownership.View view = this.ownership.view();
			return !(view.ready() && view.partitions().contains(Partitions.of(candy, count)));
		}
		if (path.equals("/history")) {
			// without a candy: the local route's own 400
			return false;
		}
		if (path.equals("/export")) {
			// a repeated or broken candy_id: the local route's own 400; a HEAD of all is
			// not worth every shard's history
			return candy == null && method == HttpMethod.GET && readable(request);
		}
		return true;
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		String uri = request.uri();
		String path = path(uri);
		QueryArguments arguments = QueryArguments.ofRequestTarget(uri);
		try {
			if (SHARD_TABLES.contains(path)) {
				return ownTable(response, path);
			}
			if (path.equals(STREAM)) {
				return stream(request, response);
			}
			String candy = candyOf(request);
			if (candy != null && PER_CANDY.contains(path)) {
				return forward(request, response, uri, candy);
			}
			if (path.equals("/export")) {
				return mergedExport(response);
			}
			if (request.requestHeaders().contains(HOP)) {
				return shard(response, path, uri);
			}
			return scatter(response, path, uri, arguments);
		}
		catch (RuntimeException ex) {
			return problem(response, ex);
		}
	}

	/**
	 * This instance's shard of an all-candy query, for the instance that scatters it.
	 */
	private Publisher<Void> shard(HttpServerResponse response, String path, String uri) {
		Reply reply = ownShard(path, uri);
		if (reply.status() < 0) {
			return unavailable(response, reply.failure());
		}
		response.status(reply.status()).header(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
		if (reply.partitions() != null) {
			response.header(PARTITIONS, join(reply.partitions()));
		}
		return response.sendByteArray(Mono.just(reply.body())).then();
	}

	private boolean holdsReady(String partitions) {
		Ownership.View view = this.ownership.view();
		try {
			return view.ready() && view.partitions().equals(partitions(partitions));
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/**
	 * {@code /stream} over every partition, from one ready owner of each; or, for another
	 * instance, the 503 that its plan is not what this instance holds.
	 */
	private Publisher<Void> stream(HttpServerRequest request, HttpServerResponse response) {
		if (request.requestHeaders().contains(HOP)) {
			Ownership.View view = this.ownership.view();
			return unavailable(response, "This instance holds partitions " + view.partitions()
					+ (view.ready() ? "" : ", replaying") + ", not " + request.requestHeaders().get(PARTITIONS));
		}
		int count = this.partitions.count();
		if (count == 0) {
			return unavailable(response, "The number of partitions is not known yet");
		}
		RoutingTable routing = this.cluster.routing();
		Optional<Map<Member, Set<Integer>>> plan = routing.plan(count);
		if (plan.isEmpty()) {
			return unavailable(response, routing.gaps(count));
		}
		Map<String, Set<Integer>> owners = owners(plan.get());
		return this.live.serve(response, plan.get(), count,
				() -> this.cluster.routing().plan(count).map(ClusterRoutes::owners).filter(owners::equals).isPresent(),
				this::unavailable);
	}

	/**
	 * Who answers for what in a plan, by instance id: the same owners with a newer
	 * generation or a fresh heartbeat are the same plan.
	 */
	private static Map<String, Set<Integer>> owners(Map<Member, Set<Integer>> plan) {
		return plan.entrySet()
			.stream()
			.collect(Collectors.toMap((entry) -> entry.getKey().instanceId(), Map.Entry::getValue));
	}

	/**
	 * A per-candy query for a partition this instance does not hold ready: to its owner,
	 * once more after fresh routing if the owner does not answer.
	 */
	private Publisher<Void> forward(HttpServerRequest request, HttpServerResponse response, String uri, String candy) {
		if (request.requestHeaders().contains(HOP)) {
			return unavailable(response, "This instance does not hold the partition of " + candy + " ready");
		}
		int count = this.partitions.count();
		if (count == 0) {
			return unavailable(response, "The number of partitions is not known yet");
		}
		int partition = Partitions.of(candy, count);
		long start = System.nanoTime();
		return forwardOnce(uri, partition, true).flatMap((reply) -> {
			record(start, "candyflow.cluster.forwards", reply.outcome());
			if (reply.status() < 0) {
				return Mono.from(unavailable(response, reply.failure()));
			}
			response.status(reply.status());
			if (reply.contentType() != null) {
				response.header(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
			}
			if (reply.retryAfter() != null) {
				response.header(HttpHeaderNames.RETRY_AFTER, reply.retryAfter());
			}
			if (reply.status() < 300) {
				response.header(PARTITIONS, Integer.toString(partition));
			}
			return response.sendByteArray(Mono.just(reply.body())).then();
		});
	}

	private Mono<Reply> forwardOnce(String uri, int partition, boolean retry) {
		RoutingTable routing = this.cluster.routing();
		Optional<Member> owner = routing.owner(partition).filter(Member::ready);
		if (owner.isEmpty() || routing.isSelf(owner.get())) {
			return Mono.just(Reply.failed("Partition " + partition + " has no ready owner now"));
		}
		Member member = owner.get();
		return ask(member, uri).flatMap((reply) -> {
			if (reply.status() >= 0 && reply.status() != HttpStatus.SERVICE_UNAVAILABLE.value()) {
				return Mono.just(retry ? reply : reply.retried());
			}
			if (reply.status() < 0) {
				this.cluster.suspect(member);
			}
			return retry ? forwardOnce(uri, partition, false) : Mono.just(Reply.failed("The owner of partition "
					+ partition + " (" + member.url() + ") did not answer: " + reply.failure()));
		});
	}

	/**
	 * An all-candy query: every partition's owner asked for its shard, in parallel, and
	 * the shards merged; once more after fresh routing if one does not answer, or answers
	 * for other partitions than it was asked for.
	 */
	private Publisher<Void> scatter(HttpServerResponse response, String path, String uri, QueryArguments arguments) {
		int limit = path.equals("/offers") ? this.queries.limit(arguments) : 0;
		long start = System.nanoTime();
		return scatterOnce(path, uri, true).flatMap((gathered) -> {
			record(start, "candyflow.cluster.scatters", gathered.outcome());
			if (gathered.failure() != null) {
				return Mono.from(unavailable(response, gathered.failure()));
			}
			if (gathered.problem() != null) {
				Reply problem = gathered.problem();
				response.status(problem.status());
				if (problem.contentType() != null) {
					response.header(HttpHeaderNames.CONTENT_TYPE, problem.contentType());
				}
				return response.sendByteArray(Mono.just(problem.body())).then();
			}
			return Mono.from(merged(response, path, gathered, limit));
		});
	}

	private Mono<Gathered> scatterOnce(String path, String uri, boolean retry) {
		int count = this.partitions.count();
		if (count == 0) {
			return Mono.just(Gathered.failed("The number of partitions is not known yet"));
		}
		RoutingTable routing = this.cluster.routing();
		Optional<Map<Member, Set<Integer>>> plan = routing.plan(count);
		if (plan.isEmpty()) {
			return Mono.just(Gathered.failed(routing.gaps(count)));
		}
		List<Mono<Reply>> asked = new ArrayList<>();
		List<Member> members = new ArrayList<>();
		for (Map.Entry<Member, Set<Integer>> entry : plan.get().entrySet()) {
			members.add(entry.getKey());
			asked.add(routing.isSelf(entry.getKey()) ? Mono.fromSupplier(() -> ownShard(path, uri))
					: ask(entry.getKey(), uri));
		}
		return Mono.zip(asked, (replies) -> replies).flatMap((replies) -> {
			List<Reply> shards = new ArrayList<>();
			Set<Integer> covered = new TreeSet<>();
			String failure = null;
			for (int i = 0; i < replies.length; i++) {
				Reply reply = (Reply) replies[i];
				Member member = members.get(i);
				Set<Integer> expected = plan.get().get(member);
				if (reply.status() >= 400 && reply.status() < 500) {
					// the query's own problem (a bad parameter): every shard says the
					// same
					return Mono.just(Gathered.problem(reply));
				}
				if (reply.status() < 0) {
					this.cluster.suspect(member);
				}
				if (reply.status() != 200 || !expected.equals(reply.partitions())) {
					failure = member.url() + " answered for partitions " + reply.partitions() + ", not " + expected
							+ ((reply.failure() != null) ? ": " + reply.failure() : "");
					continue;
				}
				covered.addAll(reply.partitions());
				shards.add(reply);
			}
			if (failure != null) {
				return retry ? scatterOnce(path, uri, false).map(Gathered::retried)
						: Mono.just(Gathered.failed(failure));
			}
			return Mono.just(new Gathered(shards, covered, null, null, retry ? "ok" : "retried"));
		});
	}

	/** This instance's own shard, as another instance would get it. */
	private Reply ownShard(String path, String uri) {
		Ownership.View view = this.ownership.view();
		if (!view.ready()) {
			return Reply.failed("this instance is replaying partitions " + view.partitions());
		}
		QueryArguments arguments = QueryArguments.ofRequestTarget(uri);
		byte[] body;
		try {
			body = switch (path) {
				case "/cheapest" -> this.shards.offers(this.store.cheapest().map(List::of).orElse(List.of()));
				case "/offers" -> this.shards.offers(this.queries.offers(arguments));
				case "/candies" -> this.shards.candies(this.store.candies());
				default -> this.shards.stats(this.store.stats(), this.store.storeIds());
			};
		}
		catch (RuntimeException ex) {
			if (ex instanceof ErrorResponse error) {
				ProblemDetail problem = error.getBody();
				if (problem.getInstance() == null) {
					problem.setInstance(URI.create(path));
				}
				return new Reply(error.getStatusCode().value(), MediaType.APPLICATION_PROBLEM_JSON_VALUE, null, null,
						this.problems.writeValueAsBytes(problem), null, "ok");
			}
			throw ex;
		}
		if (!this.ownership.unchangedSince(view)) {
			return Reply.failed("this instance's partitions changed while it answered");
		}
		return new Reply(200, MediaType.APPLICATION_JSON_VALUE, view.partitions(), null, body, null, "ok");
	}

	/**
	 * This instance's own table, for the instance that exports or queries all of them,
	 * from one snapshot taken while the partitions it holds did not change.
	 */
	private Publisher<Void> ownTable(HttpServerResponse response, String path) {
		Ownership.View view = this.ownership.view();
		if (!view.ready()) {
			return unavailable(response, "this instance is replaying partitions " + view.partitions());
		}
		StreamedBody.Writer writer;
		Runnable release;
		if (path.equals(SHARD_HISTORY)) {
			HistoryExporter export;
			try {
				export = this.store.openExport(null);
			}
			catch (ExportMemoryExhaustedException ex) {
				return unavailable(response, ex.getMessage());
			}
			writer = (out) -> export.write(Channels.newChannel(out));
			release = export::close;
		}
		else {
			List<Offer> offers;
			try (StoreSnapshot snapshot = this.store.snapshot()) {
				offers = snapshot.offers();
			}
			writer = (out) -> writeOffers(offers, out);
			release = () -> {
			};
		}
		if (!this.ownership.unchangedSince(view)) {
			release.run();
			return unavailable(response, "this instance's partitions changed while it answered");
		}
		return response.status(HttpStatus.OK.value())
			.header(HttpHeaderNames.CONTENT_TYPE, ARROW_STREAM)
			.header(PARTITIONS, join(view.partitions()))
			.send(body(response, writer, release))
			.then();
	}

	private void writeOffers(List<Offer> offers, OutputStream out) throws IOException {
		try (VectorSchemaRoot root = VectorSchemaRoot.create(OfferBatch.SCHEMA, this.allocator)) {
			int[] from = { 0 };
			writeStream(root, null, out, () -> {
				if (from[0] > 0 && from[0] >= offers.size()) {
					return false;
				}
				OfferBatch.load(root, offers.subList(from[0], Math.min(offers.size(), from[0] + OFFERS_PER_BATCH)));
				from[0] += OFFERS_PER_BATCH;
				return true;
			});
		}
	}

	/**
	 * {@code /export} of all candies: every shard's history, one after another, in one
	 * stream with merged dictionaries. Whether every shard answers is known before the
	 * first byte is sent; a shard lost after that cuts the stream short, without its end
	 * marker, so that no reader takes it for a whole one.
	 */
	private Publisher<Void> mergedExport(HttpServerResponse response) {
		long start = System.nanoTime();
		MergedStreams history = new MergedStreams(() -> this.streams.open(SHARD_HISTORY), HistoryExporter.schema(),
				this.allocator);
		StreamedBody body = new StreamedBody(
				(out) -> writeStream(history.getVectorSchemaRoot(), history, out, history::loadNextBatch),
				history::close);
		return Mono.fromCallable(() -> {
			history.open();
			return history.partitions();
		}).subscribeOn(Schedulers.boundedElastic()).flatMap((partitions) -> {
			record(start, "candyflow.cluster.scatters", "ok");
			NettyDataBufferFactory buffers = new NettyDataBufferFactory(response.alloc());
			return response.status(HttpStatus.OK.value())
				.header(HttpHeaderNames.CONTENT_TYPE, ARROW_STREAM)
				.header(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"candyflow-history.arrows\"")
				.header(PARTITIONS, join(Set.copyOf(partitions)))
				.send(Flux.from(body.publisher(buffers)).map(NettyDataBufferFactory::toByteBuf))
				.then();
		}).onErrorResume((ex) -> {
			record(start, "candyflow.cluster.scatters", "unavailable");
			return Mono.from((ex instanceof ErrorResponseException error) ? problem(response, error)
					: unavailable(response, "A shard's history could not be read: " + ex.getMessage()));
		}).doFinally((signal) -> {
			// the client went away while the shards were asked, or before the body was
			// asked for: a read blocked on a shard fails at once, and the readers are
			// closed once the asking is over, off this event loop
			history.abort();
			Schedulers.boundedElastic().schedule(body::abandon);
		});
	}

	/**
	 * Writes an Arrow stream, and its end only once every batch was written: closing the
	 * writer after a failure would write the end marker, and make a cut stream look
	 * whole. The writer holds no memory of its own.
	 */
	private static void writeStream(VectorSchemaRoot root, DictionaryProvider dictionaries, OutputStream out,
			Batches batches) throws IOException {
		ArrowStreamWriter writer = new ArrowStreamWriter(root, dictionaries, Channels.newChannel(out));
		writer.start();
		while (batches.next()) {
			writer.writeBatch();
		}
		writer.close();
	}

	/**
	 * Loads the next batch into the root being written.
	 */
	@FunctionalInterface
	private interface Batches {

		boolean next() throws IOException;

	}

	private static Publisher<ByteBuf> body(HttpServerResponse response, StreamedBody.Writer writer, Runnable release) {
		NettyDataBufferFactory buffers = new NettyDataBufferFactory(response.alloc());
		return Flux.from(StreamedBody.of(writer, release, buffers)).map(NettyDataBufferFactory::toByteBuf);
	}

	private Publisher<Void> merged(HttpServerResponse response, String path, Gathered gathered, int limit) {
		ByteBuf buffer = response.alloc().buffer(256);
		try {
			JsonOutput out = new JsonOutput(buffer);
			switch (path) {
				case "/cheapest" -> OfferJson.offer(out, ShardMerge
					.cheapest(
							gathered.shards().stream().map((reply) -> this.shards.readCheapest(reply.body())).toList())
					.orElseThrow(CandyNotFoundException::new));
				case "/offers" -> OfferJson.offers(out, ShardMerge.offers(
						gathered.shards().stream().map((reply) -> this.shards.readOffers(reply.body())).toList(),
						limit));
				case "/candies" -> OfferJson.candies(out, ShardMerge.candies(
						gathered.shards().stream().map((reply) -> this.shards.readCandies(reply.body())).toList()));
				default -> OfferJson.stats(out, ShardMerge
					.stats(gathered.shards().stream().map((reply) -> this.shards.readStats(reply.body())).toList()));
			}
		}
		catch (RuntimeException ex) {
			buffer.release();
			return problem(response, ex);
		}
		return response.status(HttpStatus.OK.value())
			.header(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.header(PARTITIONS, join(gathered.covered()))
			.send(Mono.just(buffer))
			.then();
	}

	/** Asks another instance, as one of the cluster; a failure is a reply too. */
	private Mono<Reply> ask(Member member, String uri) {
		return this.client.headers((headers) -> headers.set(HOP, "1"))
			.get()
			.uri(member.url() + uri)
			.responseSingle((reply, body) -> body.asByteArray()
				.defaultIfEmpty(new byte[0])
				.map((bytes) -> new Reply(reply.status().code(),
						reply.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE),
						partitions(reply.responseHeaders().get(PARTITIONS)),
						reply.responseHeaders().get(HttpHeaderNames.RETRY_AFTER), bytes, null, "ok")))
			.timeout(this.forwardTimeout)
			.onErrorResume((ex) -> {
				logger.debug("{} did not answer {}: {}", member.url(), uri, ex.toString());
				return Mono.just(Reply.failed(ex.toString()));
			});
	}

	private void record(long start, String name, String outcome) {
		// one look-up of a few meters, not a registration per request
		this.timers
			.computeIfAbsent(name + ':' + outcome,
					(key) -> Timer.builder(name)
						.description(name.endsWith("forwards")
								? "Per-candy queries forwarded to the owner of the candy's partition"
								: "All-candy queries scattered to the owners of every partition and merged")
						.tag("outcome", outcome)
						.publishPercentileHistogram()
						.register(this.meters))
			.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
	}

	private Publisher<Void> unavailable(HttpServerResponse response, String detail) {
		return problem(response, this.streams.unavailable(detail));
	}

	private Publisher<Void> problem(HttpServerResponse response, RuntimeException ex) {
		if (!(ex instanceof ErrorResponse error)) {
			throw ex;
		}
		response.status(error.getStatusCode().value());
		error.getHeaders().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		return send(response, error.getBody());
	}

	private Publisher<Void> send(HttpServerResponse response, ProblemDetail problem) {
		if (problem.getInstance() == null) {
			// as the local routes name it: the path
			problem.setInstance(URI.create(path(response.uri())));
		}
		return response.header(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
			.send(Mono.just(Unpooled.wrappedBuffer(this.problems.writeValueAsBytes(problem))))
			.then();
	}

	private static boolean readable(HttpServerRequest request) {
		try {
			QueryArguments.ofRequestTarget(request.uri()).get("candy_id");
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static String candyOf(HttpServerRequest request) {
		try {
			return QueryArguments.ofRequestTarget(request.uri()).get("candy_id");
		}
		catch (RuntimeException ex) {
			// a repeated or broken candy_id: the local route's own 400
			return null;
		}
	}

	private static String path(String uri) {
		int end = uri.length();
		for (int i = 0; i < uri.length(); i++) {
			char c = uri.charAt(i);
			if (c == '?' || c == '#') {
				end = i;
				break;
			}
		}
		return uri.substring(0, end);
	}

	static String join(Set<Integer> partitions) {
		return partitions.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
	}

	static Set<Integer> partitions(String header) {
		if (header == null || header.isBlank()) {
			return Set.of();
		}
		Set<Integer> partitions = new TreeSet<>();
		for (String partition : header.split(",")) {
			partitions.add(Integer.parseInt(partition.trim()));
		}
		return partitions;
	}

	/**
	 * One instance's answer, or why there was none ({@code status} -1).
	 */
	private record Reply(int status, String contentType, Set<Integer> partitions, String retryAfter, byte[] body,
			String failure, String outcome) {

		static Reply failed(String failure) {
			return new Reply(-1, null, Set.of(), null, new byte[0], failure, "unavailable");
		}

		Reply retried() {
			return new Reply(this.status, this.contentType, this.partitions, this.retryAfter, this.body, this.failure,
					"retried");
		}

	}

	/**
	 * The shards of an all-candy query, a query problem to pass on, or why not.
	 */
	private record Gathered(List<Reply> shards, Set<Integer> covered, Reply problem, String failure, String outcome) {

		static Gathered failed(String failure) {
			return new Gathered(List.of(), Set.of(), null, failure, "unavailable");
		}

		static Gathered problem(Reply problem) {
			return new Gathered(List.of(), Set.of(), problem, null, "ok");
		}

		Gathered retried() {
			return new Gathered(this.shards, this.covered, this.problem, this.failure,
					(this.failure != null) ? this.outcome : "retried");
		}

	}

}
