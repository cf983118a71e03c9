package io.candyflow.consumer.sql;

import io.candyflow.consumer.store.PriceStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.arrow.memory.BufferAllocator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SQL engine, over the store (or the shards); closed before the store and the
 * allocator, so that a query's leftovers would show as a leak at shutdown.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SqlProperties.class)
class SqlConfiguration {

	@Bean(destroyMethod = "close")
	SqlEngine sqlEngine(PriceStore priceStore, ObjectProvider<SqlTables> tables, BufferAllocator rootAllocator,
			SqlProperties properties, MeterRegistry meterRegistry) {
		// sharded mode has tables of its own: every shard's
		return new SqlEngine(tables.getIfAvailable(() -> new StoreTables(priceStore)), rootAllocator, properties,
				meterRegistry);
	}

}
