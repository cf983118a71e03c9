package io.candyflow.consumer.store;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * The store's size as Micrometer gauges, read from its published stats:
 * {@code candyflow.store.rows}, {@code .offers}, {@code .candies} and
 * {@code candyflow.store.arrow.bytes}.
 */
@Component
class StoreMetrics implements MeterBinder {

	private final PriceStore store;

	StoreMetrics(PriceStore store) {
		this.store = store;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "candyflow.store.rows", "History rows held", "rows", StoreStats::rows);
		gauge(registry, "candyflow.store.offers", "Current offers, one per candy and store", "offers",
				StoreStats::offers);
		gauge(registry, "candyflow.store.candies", "Distinct candies", "candies", StoreStats::candies);
		gauge(registry, "candyflow.store.arrow.bytes", "Off-heap memory held by the Arrow history", "bytes",
				StoreStats::arrowBytes);
	}

	private void gauge(MeterRegistry registry, String name, String description, String unit,
			ToDoubleFunction<StoreStats> value) {
		Gauge.builder(name, this.store, (store) -> value.applyAsDouble(store.stats()))
			.description(description)
			.baseUnit(unit)
			.register(registry);
	}

}
