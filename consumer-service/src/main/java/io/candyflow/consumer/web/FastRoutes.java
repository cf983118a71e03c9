package io.candyflow.consumer.web;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;

/**
 * Serves every {@link Route} on the web server's own port, ahead of WebFlux: Spring Boot
 * hands this provider Reactor Netty's routes before it adds the WebFlux handler as the
 * catch-all. Answers are complete responses written in one go ({@code Content-Length}, no
 * chunking), on the event loop that read the request.
 * <p>
 * Per method, as Spring answers its own endpoints: {@code GET}; {@code HEAD}, the same
 * headers without the body; {@code OPTIONS}, {@code 200} with {@code Allow}; anything
 * else {@code 405} with {@code Allow}. An {@code Accept} that rules out JSON gets
 * {@code 406}. Problems are {@code application/problem+json} with the bytes WebFlux
 * writes for the same {@link ErrorResponse}.
 */
final class FastRoutes implements NettyRouteProvider {

	private static final Logger logger = LoggerFactory.getLogger(FastRoutes.class);

	private static final AsciiString JSON = AsciiString.cached(MediaType.APPLICATION_JSON_VALUE);

	private static final AsciiString PROBLEM_JSON = AsciiString.cached(MediaType.APPLICATION_PROBLEM_JSON_VALUE);

	private static final List<org.springframework.http.HttpMethod> ALLOWED = List.of(
			org.springframework.http.HttpMethod.GET, org.springframework.http.HttpMethod.HEAD,
			org.springframework.http.HttpMethod.OPTIONS);

	private static final AsciiString ALLOW = AsciiString.cached("GET,HEAD,OPTIONS");

	/** Most answers fit; the buffer grows for the others. */
	private static final int INITIAL_BUFFER = 256;

	private final List<Entry> entries;

	private final JsonMapper problems;

	/** The last {@code Accept} header seen and its verdict: clients repeat theirs. */
	private volatile AcceptVerdict lastAccept = new AcceptVerdict("", true);

	/** {@code null} unless an {@link AnswerHeaders} bean exists. */
	private final AnswerHeaders headers;

	FastRoutes(List<Route> routes, MeterRegistry registry, JsonMapper json, AnswerHeaders headers) {
		this.headers = headers;
		this.entries = routes.stream()
			.map((route) -> new Entry(route, new RouteMeters(registry, route.path())))
			.toList();
		// as WebFlux's encoder writes a ProblemDetail: its properties inline, no nulls
		this.problems = json.rebuild().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();
	}

	/**
	 * The paths served here, for the log.
	 * @return the paths
	 */
	List<String> paths() {
		return this.entries.stream().map((entry) -> entry.route().path()).toList();
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		for (Entry entry : this.entries) {
			routes = routes.route(entry::matches, (request, response) -> handle(entry, request, response));
		}
		return routes;
	}

	private Publisher<Void> handle(Entry entry, HttpServerRequest request, HttpServerResponse response) {
		long start = System.nanoTime();
		HttpMethod method = request.method();
		Answer answer;
		if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
			answer = answer(entry, request, response);
		}
		else if (method == HttpMethod.OPTIONS) {
			response.status(HttpStatus.OK.value()).header(HttpHeaderNames.ALLOW, ALLOW);
			answer = new Answer(Unpooled.EMPTY_BUFFER, null);
		}
		else {
			answer = new Answer(problem(entry, response, new MethodNotAllowedException(method.name(), ALLOWED)), null);
		}
		ByteBuf body = answer.body();
		if (method == HttpMethod.HEAD) {
			// the codec leaves a HEAD answer's body out; its length is what GET would
			// send
			response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.readableBytes()));
			body.release();
			body = Unpooled.EMPTY_BUFFER;
		}
		Timer timer = entry.meters().timer(method, response.status().code(), answer.failure());
		return response.sendObject(body)
			.then()
			.doFinally((signal) -> timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
	}

	/**
	 * The route's answer to a {@code GET}: its JSON, or the problem it threw.
	 */
	private Answer answer(Entry entry, HttpServerRequest request, HttpServerResponse response) {
		ByteBuf body = response.alloc().buffer(INITIAL_BUFFER);
		try {
			QueryArguments arguments = QueryArguments.ofRequestTarget(request.uri());
			entry.route().handler().answer(arguments, new JsonOutput(body));
			if (!acceptsJson(request.requestHeaders().get(HttpHeaderNames.ACCEPT))) {
				throw new NotAcceptableStatusException(List.of(MediaType.APPLICATION_JSON));
			}
			response.status(HttpStatus.OK.value()).header(HttpHeaderNames.CONTENT_TYPE, JSON);
			if (this.headers != null) {
				this.headers.add(entry.route().path(), arguments, response::header);
			}
			return new Answer(body, null);
		}
		catch (RuntimeException ex) {
			body.release();
			return new Answer(problem(entry, response, ex), (ex instanceof ErrorResponse) ? null : ex);
		}
		catch (Error ex) {
			// a pooled buffer not given back would be lost to the pool for good
			body.release();
			throw ex;
		}
	}

	/**
	 * Sets the status and headers of a problem and writes its body.
	 */
	private ByteBuf problem(Entry entry, HttpServerResponse response, RuntimeException ex) {
		ProblemDetail problem;
		if (ex instanceof ErrorResponse error) {
			problem = error.getBody();
			response.status(error.getStatusCode().value());
			HttpHeaders headers = error.getHeaders();
			headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		}
		else {
			logger.error("Request to {} failed", entry.route().path(), ex);
			problem = ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR);
			response.status(HttpStatus.INTERNAL_SERVER_ERROR.value());
		}
		if (problem.getInstance() == null) {
			problem.setInstance(entry.instance());
		}
		response.header(HttpHeaderNames.CONTENT_TYPE, PROBLEM_JSON);
		return Unpooled.wrappedBuffer(this.problems.writeValueAsBytes(problem));
	}

	private boolean acceptsJson(String accept) {
		if (accept == null) {
			return true;
		}
		AcceptVerdict last = this.lastAccept;
		if (last.header().equals(accept)) {
			return last.acceptable();
		}
		boolean acceptable;
		try {
			List<MediaType> types = MediaType.parseMediaTypes(accept);
			acceptable = types.isEmpty() || types.stream()
				.anyMatch((type) -> type.isCompatibleWith(MediaType.APPLICATION_JSON) && type.getQualityValue() > 0);
		}
		catch (InvalidMediaTypeException ex) {
			throw new NotAcceptableStatusException("Could not parse 'Accept' header: " + ex.getMessage());
		}
		this.lastAccept = new AcceptVerdict(accept, acceptable);
		return acceptable;
	}

	/**
	 * One route with what serving it needs.
	 *
	 * @param route the route
	 * @param meters its request timers
	 * @param instance the {@code instance} of its problems
	 */
	private record Entry(Route route, RouteMeters meters, URI instance) {

		Entry(Route route, RouteMeters meters) {
			this(route, meters, URI.create(route.path()));
		}

		/** The exact path, with or without a query: nothing else is this route's. */
		boolean matches(HttpServerRequest request) {
			String uri = request.uri();
			String path = this.route.path();
			return uri.startsWith(path) && (uri.length() == path.length() || uri.charAt(path.length()) == '?'
					|| uri.charAt(path.length()) == '#');
		}

	}

	private record AcceptVerdict(String header, boolean acceptable) {
	}

	/**
	 * What goes out, with the exception that made it a 500, for the metrics.
	 */
	private record Answer(ByteBuf body, Throwable failure) {
	}

}
