package io.candyflow.consumer.store;

import java.time.Clock;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one root allocator of the service, and the store that takes its memory from it.
 * Spring closes the store before the allocator, so a leak shows up as an error at
 * shutdown.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
class StoreConfiguration {

	@Bean(destroyMethod = "close")
	BufferAllocator rootAllocator(StoreProperties properties) {
		return new RootAllocator(properties.memoryLimit().toBytes());
	}

	@Bean(destroyMethod = "close")
	PriceStore priceStore(BufferAllocator rootAllocator, StoreProperties properties) {
		return new PriceStore(rootAllocator, properties.chunkRows(), properties.retention().toRetention(),
				Clock.systemUTC());
	}

}
