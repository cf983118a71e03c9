package io.candyflow.consumer.sql;

import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.store.StoreSnapshot;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * The tables of the local store, both from one {@link StoreSnapshot}: the history's
 * chunks handed over as they are, without a copy.
 */
final class StoreTables implements SqlTables {

	private final PriceStore store;

	StoreTables(PriceStore store) {
		this.store = store;
	}

	@Override
	public Tables open(BufferAllocator allocator) {
		StoreSnapshot snapshot = this.store.snapshot();
		return new Tables() {

			@Override
			public ArrowReader history() {
				return SnapshotTables.history(snapshot, allocator);
			}

			@Override
			public ArrowReader offers() {
				return SnapshotTables.offers(snapshot, allocator);
			}

			@Override
			public void close() {
				snapshot.close();
			}

		};
	}

}
