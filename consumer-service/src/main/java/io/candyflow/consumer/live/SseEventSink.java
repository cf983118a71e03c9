package io.candyflow.consumer.live;

import java.io.IOException;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Events to a Spring MVC {@link SseEmitter}. Its {@code send} writes and flushes on the
 * calling thread, which is why {@link PriceBroadcaster} calls it on its sender pool only.
 */
final class SseEventSink implements EventSink {

	private final SseEmitter emitter;

	SseEventSink(SseEmitter emitter) {
		this.emitter = emitter;
	}

	@Override
	public void send(StreamEvent event) throws IOException {
		if (event.isHeartbeat()) {
			this.emitter.send(SseEmitter.event().comment("heartbeat"));
		}
		else if (StreamEvent.SNAPSHOT.equals(event.name())) {
			this.emitter.send(SseEmitter.event()
				.name(event.name())
				.reconnectTime(PriceBroadcaster.RECONNECT_MILLIS)
				.data(event.data(), MediaType.APPLICATION_JSON));
		}
		else {
			this.emitter.send(SseEmitter.event().name(event.name()).data(event.data(), MediaType.APPLICATION_JSON));
		}
	}

	@Override
	public void close() {
		this.emitter.complete();
	}

}
