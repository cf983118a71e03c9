package io.candyflow.consumer.live;

import java.util.concurrent.atomic.AtomicReference;

import io.candyflow.consumer.web.Unavailable;
import io.netty.channel.Channel;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /stream}: the cheapest offer per candy as Server-Sent Events, for the
 * dashboard.
 */
@RestController
class StreamController {

	private final PriceBroadcaster broadcaster;

	private final StreamProperties properties;

	StreamController(LiveConfiguration.Ticker ticker, StreamProperties properties) {
		this.broadcaster = ticker.broadcaster();
		this.properties = properties;
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "The cheapest offer per candy, live, as Server-Sent Events",
			description = "First a `snapshot` event with every candy, then `update` events with the candies that "
					+ "changed, at most one every 250 ms per client (changes in between are merged). Each row: "
					+ "cheapest store and price, the price's last change, the number of stores, the highest price. "
					+ "A client that does not read is dropped; the browser's EventSource reconnects by itself.")
	@ApiResponse(responseCode = "200",
			content = @Content(mediaType = "text/event-stream",
					examples = @ExampleObject(
							value = """
									event:snapshot
									data:{"time":1700000000,"candies":[{"candy_id":"Candy1","cheapest_store":"Store3","price":2.35,"stores":2,"max":4.5}]}

									event:update
									data:{"time":1700000001,"candies":[{"candy_id":"Candy1","cheapest_store":"Store1","price":1.99,"change":-0.36,"stores":2,"max":4.5}]}
									""")))
	@ApiResponse(responseCode = "503", description = "Too many clients already",
			content = @Content(mediaType = "application/problem+json"))
	Mono<Void> stream(ServerHttpResponse response) {
		// No timeout: heartbeats find clients that went away, the send timeout slow ones.
		// The broadcaster drops a client whose write outlives the send timeout at its
		// next tick; the write itself is given up two ticks later, which closes the
		// connection.
		ResponseEventSink sink = new ResponseEventSink(nettyBuffers(response),
				this.properties.sendTimeout().plus(this.properties.tick().multipliedBy(2)), abort(response));
		PriceBroadcaster.Client client = this.broadcaster.connect(sink);
		response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
		response.getHeaders().setCacheControl("no-store");
		return response.writeAndFlushWith(sink.body(() -> this.broadcaster.disconnect(client)));
	}

	/**
	 * How to close a response's connection at once: Reactor Netty's channel, underneath
	 * WebFlux's response.
	 */
	private static Runnable abort(ServerHttpResponse response) {
		if (response instanceof AbstractServerHttpResponse reactive
				&& reactive.getNativeResponse() instanceof HttpServerResponse netty) {
			AtomicReference<Channel> channel = new AtomicReference<>();
			netty.withConnection((connection) -> channel.set(connection.channel()));
			return () -> channel.get().close();
		}
		// the slice tests' mock response has no connection to close
		return () -> {
		};
	}

	private static NettyDataBufferFactory nettyBuffers(ServerHttpResponse response) {
		if (response.bufferFactory() instanceof NettyDataBufferFactory netty) {
			return netty;
		}
		// the slice tests' mock response: heap buffers of the default allocator
		return new NettyDataBufferFactory(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
	}

	// problem+json whatever the request accepts (an Arrow-only or event-stream Accept)
	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooManyClients(TooManyClientsException ex) {
		return Unavailable.problem("Too many stream clients", "too-many-stream-clients", ex.getMessage());
	}

}
