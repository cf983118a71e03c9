package io.candyflow.consumer.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One table of every shard, as Arrow IPC streams read while they arrive: one ready owner
 * of every partition is asked for its own rows ({@code /shard/...} with
 * {@value ClusterRoutes#HOP}), all at once. All or nothing: every owner must answer 200
 * for exactly the partitions it was asked for, or the streams are closed and, after one
 * retry with fresh routing, the answer is a 503.
 * <p>
 * A blocking client, from the JDK: the streams are read by Arrow readers on the thread of
 * the query or export that reads them, never on an event loop.
 */
final class ShardStreams {

	private static final Logger logger = LoggerFactory.getLogger(ShardStreams.class);

	private final Cluster cluster;

	private final Partitions partitions;

	private final HttpClient client;

	private final Duration timeout;

	private final String retryAfter;

	ShardStreams(Cluster cluster, Partitions partitions, ClusterProperties properties) {
		this.cluster = cluster;
		this.partitions = partitions;
		this.timeout = properties.forwardTimeout();
		this.retryAfter = Long.toString(Math.max(1, properties.retryAfter().toSeconds()));
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(this.timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * Asks every shard.
	 * @param path the shard's route, {@code /shard/history} or {@code /shard/offers}
	 * @return the bodies, in the order of the partitions they cover; close them
	 * @throws PartitionsUnavailableException if some partition cannot be had now
	 */
	Gathered open(String path) {
		return open(path, true);
	}

	private Gathered open(String path, boolean retry) {
		int count = this.partitions.count();
		if (count == 0) {
			throw unavailable("The number of partitions is not known yet");
		}
		RoutingTable routing = this.cluster.routing();
		Optional<Map<Member, Set<Integer>>> plan = routing.plan(count);
		if (plan.isEmpty()) {
			throw unavailable(routing.gaps(count));
		}
		List<Member> members = new ArrayList<>(plan.get().keySet());
		List<CompletableFuture<HttpResponse<InputStream>>> asked = new ArrayList<>();
		for (Member member : members) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(member.url() + path))
				.header(ClusterRoutes.HOP, "1")
				.timeout(this.timeout)
				.GET()
				.build();
			asked.add(this.client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()));
		}
		List<InputStream> bodies = new ArrayList<>();
		String failure = null;
		for (int i = 0; i < members.size(); i++) {
			Member member = members.get(i);
			Set<Integer> expected = plan.get().get(member);
			HttpResponse<InputStream> response;
			try {
				response = asked.get(i).join();
			}
			catch (CompletionException ex) {
				logger.debug("{} did not answer {}: {}", member.url(), path, ex.getCause().toString());
				this.cluster.suspect(member);
				failure = member.url() + " did not answer: " + ex.getCause();
				continue;
			}
			Set<Integer> covered = ClusterRoutes
				.partitions(response.headers().firstValue(ClusterRoutes.PARTITIONS).orElse(null));
			if (response.statusCode() != 200 || !covered.equals(expected)) {
				failure = member.url() + " answered " + response.statusCode() + " for partitions " + covered + ", not "
						+ expected + ((response.statusCode() != 200) ? why(response) : "");
				closeQuietly(response.body());
				continue;
			}
			bodies.add(response.body());
		}
		if (failure != null) {
			bodies.forEach(ShardStreams::closeQuietly);
			if (retry) {
				return open(path, false);
			}
			throw unavailable(failure);
		}
		return new Gathered(bodies, plan.get().values().stream().flatMap(Set::stream).sorted().toList());
	}

	/** A refusal's own words (a problem's detail, say), briefly; the body is closed. */
	private static String why(HttpResponse<InputStream> response) {
		try (InputStream body = response.body()) {
			String text = new String(body.readNBytes(1024), StandardCharsets.UTF_8);
			return text.isBlank() ? "" : ": " + text;
		}
		catch (IOException ex) {
			return "";
		}
	}

	PartitionsUnavailableException unavailable(String detail) {
		return new PartitionsUnavailableException(detail, this.retryAfter);
	}

	static void closeQuietly(InputStream body) {
		try {
			body.close();
		}
		catch (IOException ex) {
			// going away anyway
		}
	}

	/**
	 * Every shard's stream of one table.
	 *
	 * @param bodies the streams, in the order of the partitions they cover
	 * @param partitions every partition they cover
	 */
	record Gathered(List<InputStream> bodies, List<Integer> partitions) {

		void close() {
			this.bodies.forEach(ShardStreams::closeQuietly);
		}

	}

}
