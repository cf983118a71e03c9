package io.candyflow.producer.simulator;

import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.candyflow.price.PriceUpdate;
import io.candyflow.producer.publish.PricePublisher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes simulated price updates at the configured rate. One scheduler thread ticks
 * every {@value #TICK_MILLIS} ms and sends as many updates as the rate asks for since the
 * last tick; settings are applied on that same thread, so the market needs no locks.
 */
@Component
@EnableConfigurationProperties(SimulatorProperties.class)
class PriceSimulator implements SmartLifecycle, MeterBinder {

	private static final Logger logger = LoggerFactory.getLogger(PriceSimulator.class);

	private static final long TICK_MILLIS = 10;

	private final PricePublisher publisher;

	private final Clock clock;

	private final SplittableRandom random;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private volatile SimulatorSettings settings;

	private ScheduledExecutorService scheduler;

	private RandomWalkMarket market;

	private long lastTickNanos;

	private double owed;

	PriceSimulator(PricePublisher publisher, SimulatorProperties properties) {
		this.publisher = publisher;
		this.clock = Clock.systemUTC();
		this.random = (properties.seed() != 0) ? new SplittableRandom(properties.seed()) : new SplittableRandom();
		this.settings = properties.settings();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("candyflow.simulator.rate", this, (simulator) -> {
			SimulatorSettings current = simulator.settings;
			return current.enabled() ? current.rate() : 0;
		}).description("Updates per second the simulator publishes; 0 when it is off").register(registry);
	}

	SimulatorStatus status() {
		SimulatorSettings current = this.settings;
		return new SimulatorStatus(current.enabled(), current.rate(), current.candies(), current.stores(),
				this.sent.get(), this.failed.get());
	}

	SimulatorStatus update(SimulatorSettings changes) {
		SimulatorSettings merged = this.settings.merge(changes);
		if ((long) merged.candies() * merged.stores() > SimulatorSettings.MAX_PAIRS) {
			throw new InvalidSimulatorSettingsException("candies x stores must be at most "
					+ SimulatorSettings.MAX_PAIRS + " (was " + (long) merged.candies() * merged.stores() + ")");
		}
		this.settings = merged;
		logger.info("Simulator {} at {} updates/s over {} candies x {} stores", merged.enabled() ? "on" : "off",
				merged.rate(), merged.candies(), merged.stores());
		return status();
	}

	private void tick() {
		try {
			SimulatorSettings current = this.settings;
			long now = System.nanoTime();
			double elapsedSeconds = (now - this.lastTickNanos) / 1e9;
			this.lastTickNanos = now;
			if (!current.enabled()) {
				this.owed = 0;
				return;
			}
			if (this.market == null || this.market.candies() != current.candies()
					|| this.market.stores() != current.stores()) {
				this.market = new RandomWalkMarket(current.candies(), current.stores(), this.random);
			}
			// Carry the fraction over so that low rates still average out right; cap the
			// debt so that a stall (GC, Kafka blocking) is not followed by a burst.
			this.owed = Math.min(this.owed + elapsedSeconds * current.rate(), current.rate() / 10.0 + 1);
			int due = (int) this.owed;
			this.owed -= due;
			// Whole seconds, as the original CandyFlow producer wrote them.
			long timestamp = this.clock.millis() / 1000 * 1000;
			for (int i = 0; i < due; i++) {
				PriceUpdate update = this.market.next(timestamp);
				this.publisher.send(update).whenComplete((result, ex) -> {
					if (ex == null) {
						this.sent.incrementAndGet();
					}
					else {
						this.failed.incrementAndGet();
					}
				});
			}
		}
		catch (RuntimeException ex) {
			// Kafka unreachable: send() blocks up to max.block.ms, then throws; try again
			// next tick rather than kill the scheduler.
			this.failed.incrementAndGet();
			logger.warn("Simulator could not publish: {}", ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "simulator");
			thread.setDaemon(true);
			return thread;
		});
		this.lastTickNanos = System.nanoTime();
		this.scheduler.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
		if (this.settings.enabled()) {
			update(new SimulatorSettings(null, null, null, null));
		}
	}

	@Override
	public void stop() {
		this.scheduler.shutdownNow();
		try {
			this.scheduler.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.scheduler = null;
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
