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

	private final Writer writer;

	private final Runnable release;

	private final AtomicBoolean taken = new AtomicBoolean();

	/**
	 * A body to write.
	 * @param writer writes it
	 * @param release lets go of what it is written from: run once, when the writer ran,
	 * or when the response ends before it ran
	 */
	public StreamedBody(Writer writer, Runnable release) {
		this.writer = writer;
		this.release = release;
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
		return new StreamedBody(writer, release).publisher(buffers);
	}

	/**
	 * The body, to be subscribed once.
	 * @param buffers the response's buffers
	 * @return the body
	 */
	public Publisher<DataBuffer> publisher(DataBufferFactory buffers) {
		return Flux.from(DataBufferUtils.outputStreamPublisher((out) -> {
			if (!this.taken.compareAndSet(false, true)) {
				return;
			}
			try {
				this.writer.write(out);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			finally {
				this.release.run();
			}
		}, buffers, WRITERS, CHUNK)).doFinally((signal) -> abandon());
	}

	/**
	 * Lets go of what the body was to be written from if the writer has not run: for a
	 * response that ended before it asked for its body.
	 */
	public void abandon() {
		if (this.taken.compareAndSet(false, true)) {
			this.release.run();
		}
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

}
