package io.candyflow.consumer.flight;

import io.candyflow.consumer.sql.SqlEngine;
import io.candyflow.consumer.store.PriceStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.arrow.memory.BufferAllocator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Flight SQL server ({@code candyflow.flight.enabled}, on by default) and its health.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FlightProperties.class)
@ConditionalOnProperty(name = "candyflow.flight.enabled", matchIfMissing = true)
// Flight answers from the local store: in sharded mode that would be a part of the
// answer, so there is no Flight server until queries are merged across shards
@ConditionalOnExpression("!'${candyflow.ingest.mode:full}'.equalsIgnoreCase('sharded')")
class FlightConfiguration {

	@Bean(destroyMethod = "close")
	FlightServerLifecycle flightServer(FlightProperties properties, SqlEngine sqlEngine, PriceStore priceStore,
			BufferAllocator rootAllocator, MeterRegistry meterRegistry, ObjectProvider<BuildProperties> build) {
		BuildProperties info = build.getIfAvailable();
		String version = (info != null) ? info.getVersion() : "dev";
		return new FlightServerLifecycle(properties, sqlEngine, priceStore, rootAllocator, meterRegistry, version);
	}

	@Bean
	FlightHealthIndicator flightHealthIndicator(FlightServerLifecycle flightServer) {
		return new FlightHealthIndicator(flightServer);
	}

}
