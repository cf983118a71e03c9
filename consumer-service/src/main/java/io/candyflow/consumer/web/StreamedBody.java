package io.candyflow.consumer.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * A response body written by a blocking writer (an Arrow stream writer), streamed as it
 * is written, with backpressure: the writer waits while the client does not read, and no
 * more than a chunk or so is ever buffered. The writer runs off the event loops.
 */
public final class StreamedBody {

	/** What the writer hands the response at a time. */
	private static final int CHUNK = 64 * 1024;

	private static final Executor WRITERS = (task) -> Schedulers.boundedElastic().schedule(task);

	private StreamedBody() {
	}

	/**
	 * What writes the body.
	 */
	@FunctionalInterface
	public interface Writer {

		/**
		 * Writes the whole body.
		 * @param out where to
		 * @throws IOException if writing fails (the client went away)
		 */
		void write(OutputStream out) throws IOException;

	}

	/**
	 * The body.
	 * @param writer writes it
	 * @param release lets go of what it was written from: run once the writer ran, or
	 * when the response ends before it ran
	 * @param buffers the response's buffers
	 * @return the body
	 */
	public static Publisher<DataBuffer> of(Writer writer, Runnable release, DataBufferFactory buffers) {
		AtomicBoolean taken = new AtomicBoolean();
		return Flux.from(DataBufferUtils.outputStreamPublisher((out) -> {
			if (!taken.compareAndSet(false, true)) {
				return;
			}
			try {
				writer.write(out);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			finally {
				release.run();
			}
		}, buffers, WRITERS, CHUNK)).doFinally((signal) -> {
			if (taken.compareAndSet(false, true)) {
				release.run();
			}
		});
	}

}
