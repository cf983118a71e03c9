package io.candyflow.consumer.store;

import java.time.Clock;

import org.apache.arrow.memory.BufferAllocator;
import io.netty.util.internal.PlatformDependent;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private static final Logger logger = LoggerFactory.getLogger(StoreConfiguration.class);

	@Bean(destroyMethod = "close")
	BufferAllocator rootAllocator(StoreProperties properties) {
		long limit = properties.memoryLimit().toBytes();
		// Arrow's Netty allocator takes direct memory, which the JVM caps (at -Xmx unless
		// -XX:MaxDirectMemorySize says otherwise). Past that cap allocation fails with an
		// Error instead of Arrow's OutOfMemoryException, so keep the limit under it.
		long directMemory = PlatformDependent.maxDirectMemory();
		long usable = directMemory / 10 * 9;
		if (directMemory > 0 && limit > usable) {
			logger.warn(
					"candyflow.store.memory-limit is {} MB but the JVM allows {} MB of direct memory; "
							+ "using {} MB (raise -XX:MaxDirectMemorySize to use more)",
					limit >> 20, directMemory >> 20, usable >> 20);
			limit = usable;
		}
		return new RootAllocator(limit);
	}

	@Bean(destroyMethod = "close")
	PriceStore priceStore(BufferAllocator rootAllocator, StoreProperties properties) {
		return new PriceStore(rootAllocator, properties.chunkRows(), properties.retention().toRetention(),
				properties.exportMemory().toBytes(), Clock.systemUTC());
	}

}
