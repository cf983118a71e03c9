package io.candyflow.consumer.web;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.netty.handler.codec.http.HttpMethod;

/**
 * {@code http.server.requests} for one route, with the name and tags WebFlux's
 * observation gives every other request ({@code uri}, {@code method}, {@code status},
 * {@code outcome}, {@code exception}, {@code error}), so that dashboards and alerts see
 * one metric. Each timer is resolved once and kept: the per-request cost is a lookup in
 * an array, not a tag set built and hashed, nor an Observation with its context.
 */
final class RouteMeters {

	static final String NAME = "http.server.requests";

	private static final String NONE = "none";

	/**
	 * The methods tagged by name, as Spring's observation conventions tag them; any other
	 * token a client sends is {@code UNKNOWN}, or every invented method would register a
	 * timer of its own.
	 */
	private static final Set<String> KNOWN_METHODS = Set
		.copyOf(Arrays.stream(org.springframework.http.HttpMethod.values())
			.map(org.springframework.http.HttpMethod::name)
			.toList());

	private static final String UNKNOWN_METHOD = "UNKNOWN";

	private final MeterRegistry registry;

	private final String uri;

	/** {@code GET} answers by status code, resolved on first use. */
	private final AtomicReferenceArray<Timer> get = new AtomicReferenceArray<>(600);

	/** Everything else: other methods, failures. Rare, so a map will do. */
	private final ConcurrentMap<String, Timer> other = new ConcurrentHashMap<>();

	RouteMeters(MeterRegistry registry, String uri) {
		this.registry = registry;
		this.uri = uri;
	}

	/**
	 * The timer of a handled request.
	 * @param method the request's method
	 * @param status the answer's status
	 * @param exception the exception that made it a 500, or {@code null}
	 * @return the timer to record into
	 */
	Timer timer(HttpMethod method, int status, Throwable exception) {
		if (method == HttpMethod.GET && exception == null && status >= 100 && status < 600) {
			Timer timer = this.get.get(status);
			if (timer == null) {
				timer = register(method.name(), status, NONE);
				this.get.set(status, timer);
			}
			return timer;
		}
		String methodName = KNOWN_METHODS.contains(method.name()) ? method.name() : UNKNOWN_METHOD;
		String exceptionName = (exception != null) ? exception.getClass().getSimpleName() : NONE;
		return this.other.computeIfAbsent(methodName + ' ' + status + ' ' + exceptionName,
				(key) -> register(methodName, status, exceptionName));
	}

	private Timer register(String method, int status, String exception) {
		return Timer.builder(NAME)
			.description("HTTP server request processing time")
			.tags(Tags.of("uri", this.uri, "method", method, "status", Integer.toString(status), "outcome",
					Outcome.forStatus(status).name(), "exception", exception, "error", exception))
			.register(this.registry);
	}

}
