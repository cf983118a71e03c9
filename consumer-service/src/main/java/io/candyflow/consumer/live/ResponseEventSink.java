package io.candyflow.consumer.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * Events to one WebFlux {@code text/event-stream} response, with the blocking write that
 * {@link PriceBroadcaster} relies on: {@link #send} returns once the event's bytes are in
 * the socket, not when they are queued. Reactor Netty's response takes events ahead of
 * the socket (dozens of them, by its prefetch), so a client that stopped reading would
 * otherwise pile them up in memory while looking like it is keeping up. Here each event
 * is a Netty buffer that signals when Netty releases it, which Netty does once it has
 * written the bytes out; until then the sender thread waits, the broadcaster counts the
 * write as under way, and nothing more is queued for that client.
 * <p>
 * Each event is flushed on its own ({@code writeAndFlushWith}), in the format of the
 * Server-Sent Events specification.
 */
final class ResponseEventSink implements EventSink {

	private static final byte[] HEARTBEAT = ":heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

	private final NettyDataBufferFactory buffers;

	private final long timeoutNanos;

	/** The response's side of the stream, once WebFlux has subscribed to it. */
	private final CompletableFuture<FluxSink<Publisher<DataBuffer>>> sink = new CompletableFuture<>();

	/** Closes the connection at once, pending bytes and all. */
	private final Runnable abort;

	private volatile boolean failed;

	/** Whether the response has ended: a client that left takes nothing more. */
	private volatile boolean gone;

	/** The write under way, failed at once if the response ends before Netty takes it. */
	private volatile CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

	/**
	 * Creates a sink.
	 * @param buffers the response's buffer factory
	 * @param timeout the longest a send may wait for the client
	 * @param abort closes the connection at once, for a client that stopped reading
	 */
	ResponseEventSink(NettyDataBufferFactory buffers, Duration timeout, Runnable abort) {
		this.buffers = buffers;
		this.timeoutNanos = timeout.toNanos();
		this.abort = abort;
	}

	/**
	 * The response body: one group (flushed on its own) per event.
	 * @param onGone called once when the response ends, for whatever reason
	 * @return the body for {@code writeAndFlushWith}
	 */
	Flux<Publisher<DataBuffer>> body(Runnable onGone) {
		return Flux.create((events) -> {
			events.onDispose(() -> {
				this.gone = true;
				// an event handed over as the client left is thrown away unwritten: its
				// sender would otherwise wait out the timeout, and count as a slow client
				this.pending.completeExceptionally(new IOException("The client is gone"));
				onGone.run();
			});
			this.sink.complete(events);
		});
	}

	@Override
	public void send(StreamEvent event) throws IOException {
		long deadline = System.nanoTime() + this.timeoutNanos;
		FluxSink<Publisher<DataBuffer>> events = await(this.sink, deadline);
		CompletableFuture<Void> written = new CompletableFuture<>();
		this.pending = written;
		if (this.gone) {
			throw new IOException("The client is gone");
		}
		events.next(Mono.just(this.buffers.wrap(new WrittenSignal(bytes(event), written))));
		await(written, deadline);
	}

	private <T> T await(CompletableFuture<T> future, long deadline) throws IOException {
		try {
			return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			this.failed = true;
			throw new IOException("The client did not take an event in time");
		}
		catch (ExecutionException ex) {
			this.failed = true;
			throw new IOException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.failed = true;
			throw new IOException("Interrupted while sending", ex);
		}
	}

	static byte[] bytes(StreamEvent event) {
		if (event.isHeartbeat()) {
			return HEARTBEAT;
		}
		StringBuilder text = new StringBuilder(event.data().length() + 48).append("event:").append(event.name());
		if (StreamEvent.SNAPSHOT.equals(event.name())) {
			text.append("\nretry:").append(PriceBroadcaster.RECONNECT_MILLIS);
		}
		// the data is one line of JSON: nothing in it needs a data: line of its own
		text.append("\ndata:").append(event.data()).append("\n\n");
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		FluxSink<Publisher<DataBuffer>> events = this.sink.getNow(null);
		if (events == null) {
			// never subscribed: the response is gone already
			return;
		}
		if (this.failed) {
			abort();
		}
		else {
			events.complete();
		}
	}

	@Override
	public void abort() {
		// Ending the response, even with an error, would queue the end behind bytes the
		// client does not take; closing the connection throws them away.
		if (this.sink.isDone()) {
			this.abort.run();
		}
	}

	/**
	 * An event's bytes, telling when Netty is done with them: Netty releases a buffer it
	 * writes once the bytes have gone to the socket (or the write failed, or the
	 * connection closed), so the release is the end of the write. Off-heap, because the
	 * transports copy a heap buffer into an off-heap one as they queue it, and release
	 * the original then, long before the bytes leave. (A TLS handler would encrypt into
	 * new buffers too: the consumer serves plain HTTP, behind whatever terminates TLS.)
	 */
	private static final class WrittenSignal extends UnpooledDirectByteBuf {

		private final CompletableFuture<Void> written;

		WrittenSignal(byte[] bytes, CompletableFuture<Void> written) {
			super(UnpooledByteBufAllocator.DEFAULT, bytes.length, bytes.length);
			writeBytes(bytes);
			this.written = written;
		}

		@Override
		protected void deallocate() {
			super.deallocate();
			this.written.complete(null);
		}

	}

}
