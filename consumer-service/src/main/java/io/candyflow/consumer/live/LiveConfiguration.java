package io.candyflow.consumer.live;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.candyflow.consumer.store.PriceStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The live stream's fan-out, its ticker and sender threads, and its metrics.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StreamProperties.class)
class LiveConfiguration {

	@Bean
	Ticker streamTicker(PriceStore store, JsonMapper json, StreamProperties properties) {
		// One thread per write in progress at most, and a client has one at most, so
		// max-clients threads never queue a write behind a stalled one. Idle threads go.
		ThreadPoolExecutor sender = new ThreadPoolExecutor(properties.maxClients(), properties.maxClients(), 30,
				TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("candyflow-stream-send-"));
		sender.allowCoreThreadTimeOut(true);
		PriceBroadcaster broadcaster = new PriceBroadcaster(store, json, properties, sender, Clock.systemUTC(),
				System::nanoTime);
		return new Ticker(broadcaster, sender, properties);
	}

	@Bean
	MeterBinder streamMetrics(Ticker streamTicker) {
		PriceBroadcaster broadcaster = streamTicker.broadcaster();
		return (registry) -> {
			Gauge.builder("candyflow.stream.clients", broadcaster, PriceBroadcaster::clients)
				.description("Clients connected to the live stream (/stream)")
				.baseUnit("clients")
				.register(registry);
			FunctionCounter.builder("candyflow.stream.dropped", broadcaster, PriceBroadcaster::dropped)
				.description("Live stream clients dropped because they did not take an event in time")
				.register(registry);
		};
	}

	private static CustomizableThreadFactory daemon(String prefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
		factory.setDaemon(true);
		return factory;
	}

	/**
	 * Runs the fan-out's tick on a thread of its own, and ends every stream before the
	 * web server's graceful shutdown (a later phase stops first), which would otherwise
	 * wait for them.
	 */
	static final class Ticker implements SmartLifecycle {

		private static final Logger logger = LoggerFactory.getLogger(Ticker.class);

		private final PriceBroadcaster broadcaster;

		private final ThreadPoolExecutor sender;

		private final StreamProperties properties;

		private ScheduledExecutorService ticker;

		Ticker(PriceBroadcaster broadcaster, ThreadPoolExecutor sender, StreamProperties properties) {
			this.broadcaster = broadcaster;
			this.sender = sender;
			this.properties = properties;
		}

		PriceBroadcaster broadcaster() {
			return this.broadcaster;
		}

		@Override
		public synchronized void start() {
			this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("candyflow-stream-tick"));
			long period = this.properties.tick().toMillis();
			this.ticker.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
		}

		private void tick() {
			try {
				this.broadcaster.tick();
			}
			catch (RuntimeException ex) {
				// an exception would cancel every later tick
				logger.warn("Live stream tick failed", ex);
			}
		}

		@Override
		public synchronized void stop() {
			if (this.ticker != null) {
				this.ticker.shutdownNow();
				this.ticker = null;
			}
			this.broadcaster.closeAll();
			this.sender.shutdown();
		}

		@Override
		public synchronized boolean isRunning() {
			return this.ticker != null;
		}

		@Override
		public int getPhase() {
			return SmartLifecycle.DEFAULT_PHASE;
		}

	}

}
