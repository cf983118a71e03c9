package io.candyflow.consumer.live;

import java.time.Duration;

import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.core.io.buffer.NettyDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * What a send does once the client has gone: it fails at once, so that the broadcaster
 * takes it for a client that left, not one too slow to read that held a sender thread for
 * the whole send timeout.
 */
class ResponseEventSinkTests {

	private final ResponseEventSink sink = new ResponseEventSink(
			new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT), Duration.ofSeconds(30), () -> {
			});

	@Test
	void aSendAfterTheResponseEndedFailsAtOnce() {
		Disposable response = this.sink.body(() -> {
		}).subscribe();
		response.dispose();
		assertThatIOException().isThrownBy(() -> this.sink.send(StreamEvent.HEARTBEAT))
			.withMessage("The client is gone");
	}

}
