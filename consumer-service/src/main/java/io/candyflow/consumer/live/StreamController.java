package io.candyflow.consumer.live;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /stream}: the cheapest offer per candy as Server-Sent Events, for the
 * dashboard.
 */
@RestController
class StreamController {

	private final PriceBroadcaster broadcaster;

	StreamController(LiveConfiguration.Ticker ticker) {
		this.broadcaster = ticker.broadcaster();
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
	SseEmitter stream() {
		// no timeout: heartbeats find clients that went away, the send timeout slow ones
		SseEmitter emitter = new SseEmitter(0L);
		PriceBroadcaster.Client client = this.broadcaster.connect(new SseEventSink(emitter));
		emitter.onCompletion(() -> this.broadcaster.disconnect(client));
		emitter.onError((ex) -> this.broadcaster.disconnect(client));
		emitter.onTimeout(() -> this.broadcaster.disconnect(client));
		return emitter;
	}

	// The content type is set here: the request asked for text/event-stream only, and
	// content negotiation would otherwise find no way to write a problem.
	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooManyClients(TooManyClientsException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setTitle("Too many stream clients");
		problem.setType(URI.create("https://candyflow.io/problems/too-many-stream-clients"));
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
