package io.candyflow.consumer.query;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.price.PriceUpdate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A real store with a small, known market for the slice tests (query and live):
 * <ul>
 * <li>Candy1 at Store1: 2.35 at T, then 2.50 at T+60 s (current);</li>
 * <li>Candy1 at Store2: 1.99 at T+0.5 s;</li>
 * <li>Candy2 at Store1: 1,000,000 at T+1 s.</li>
 * </ul>
 */
@TestConfiguration(proxyBeanMethods = false)
public class QueryTestStore {

	static final long T = 1_700_000_000_000L;

	@Bean(destroyMethod = "close")
	BufferAllocator allocator() {
		return new RootAllocator(16 * 1024 * 1024);
	}

	@Bean(destroyMethod = "close")
	PriceStore priceStore(BufferAllocator allocator) {
		PriceStore store = new PriceStore(allocator, 1024);
		PriceUpdate[] updates = { new PriceUpdate("Candy1", "Store1", 235, T),
				new PriceUpdate("Candy1", "Store2", 199, T + 500),
				new PriceUpdate("Candy2", "Store1", 1_000_000_00, T + 1000),
				new PriceUpdate("Candy1", "Store1", 250, T + 60_000) };
		for (int i = 0; i < updates.length; i++) {
			store.markSeen(0, i);
			store.append(updates[i]);
		}
		store.publish();
		return store;
	}

}
