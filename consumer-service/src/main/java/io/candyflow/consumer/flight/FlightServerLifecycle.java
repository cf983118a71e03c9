package io.candyflow.consumer.flight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.candyflow.consumer.sql.SqlEngine;
import io.candyflow.consumer.store.PriceStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The Flight server, started and stopped with the application: it starts once the SQL
 * engine and the store exist, and stops before they close, letting running calls end for
 * a few seconds first.
 */
public final class FlightServerLifecycle implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(FlightServerLifecycle.class);

	private final FlightProperties properties;

	private final BufferAllocator allocator;

	private final LiveTablesProducer producer;

	private final MeterRegistry registry;

	private final Duration queryTimeout;

	private volatile FlightServer server;

	/** Runs the calls; stopping waits for it, so that no call outlives the engine. */
	private volatile ExecutorService calls;

	FlightServerLifecycle(FlightProperties properties, SqlEngine engine, PriceStore store, BufferAllocator parent,
			MeterRegistry registry, String version) {
		this.properties = properties;
		this.registry = registry;
		// what clients send (statements, actions) and the offers sent back; results
		// and exports come from the engine's and the store's own allocators
		this.allocator = parent.newChildAllocator("flight", 0, parent.getLimit());
		this.producer = new LiveTablesProducer(engine, store, this.allocator, properties, version);
		this.queryTimeout = engine.properties().timeout();
	}

	@Override
	public synchronized void start() {
		AtomicInteger threads = new AtomicInteger();
		ExecutorService executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "flight-call-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		FlightServer.Builder builder = FlightServer
			.builder(this.allocator, Location.forGrpcInsecure(this.properties.host(), this.properties.port()),
					this.producer)
			.maxInboundMessageSize((int) this.properties.maxInboundMessageSize().toBytes())
			.middleware(CallMetrics.KEY, new CallMetrics(this.registry))
			.executor(executor);
		if (this.properties.token() != null) {
			builder.headerAuthenticator(new TokenAuthenticator(this.properties.token()));
		}
		FlightServer started = builder.build();
		try {
			started.start();
		}
		catch (IOException ex) {
			closeQuietly(started);
			executor.shutdownNow();
			throw new UncheckedIOException("Arrow Flight could not listen on " + this.properties.host() + ":"
					+ this.properties.port() + " (candyflow.flight.port): " + ex.getMessage(), ex);
		}
		this.server = started;
		this.calls = executor;
		logger.info("Arrow Flight SQL listening on grpc://{}:{}{}", this.properties.host(), started.getPort(),
				(this.properties.token() != null) ? " (bearer token required)" : "");
	}

	@Override
	public synchronized void stop() {
		FlightServer running = this.server;
		this.server = null;
		if (running != null) {
			running.shutdown();
			try {
				if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
					logger.info("Arrow Flight calls still running after 5 s are ended");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			closeQuietly(running);
		}
		ExecutorService executor = this.calls;
		this.calls = null;
		if (executor != null) {
			// a call still running is a query (bounded by its timeout) or a stream to a
			// slow client (bounded by the stall timeout): the first get their time, then
			// every call is interrupted, and a stream sees that and ends
			executor.shutdown();
			try {
				if (!executor.awaitTermination(this.queryTimeout.toMillis() + 2000, TimeUnit.MILLISECONDS)) {
					executor.shutdownNow();
					executor.awaitTermination(2, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				executor.shutdownNow();
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	/**
	 * The port it listens on, {@code -1} while stopped.
	 */
	public int port() {
		FlightServer running = this.server;
		return (running != null) ? running.getPort() : -1;
	}

	void close() {
		stop();
		this.allocator.close();
	}

	static String arrowVersion() {
		String version = Schema.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "unknown";
	}

	private static void closeQuietly(FlightServer server) {
		try {
			server.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.debug("Closing the Flight server: {}", ex.getMessage());
		}
	}

}
