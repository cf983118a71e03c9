package io.candyflow.consumer.cluster;

import java.util.List;

import io.candyflow.consumer.sql.SqlTables;
import io.candyflow.consumer.store.HistoryExporter;
import io.candyflow.consumer.store.OfferBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import org.springframework.web.ErrorResponseException;

/**
 * SQL over every shard: a query's {@code history} and {@code offers} are every shard's,
 * read while DuckDB scans them. The shards send them in the export's types (decimal
 * prices, millisecond times), which DuckDB reads as the same SQL types as the local
 * tables; only the time column is renamed to the tables' {@code ts}.
 * <p>
 * The shards are asked only when a query scans a table: SQL that does not bind is a 400
 * without a word to them, and a query of {@code offers} alone does not export any
 * history. Each shard's two tables are two snapshots of it, and the shards' snapshots are
 * not of one moment: a query over shards sees each partition as of the moment its shard
 * was asked, as a query over a replica that is still ingesting would.
 */
final class ShardTables implements SqlTables {

	static final Schema HISTORY = renamed(HistoryExporter.schema());

	static final Schema OFFERS = renamed(OfferBatch.SCHEMA);

	private final ShardStreams streams;

	ShardTables(ShardStreams streams) {
		this.streams = streams;
	}

	@Override
	public Tables open(BufferAllocator allocator) {
		return new Opened(new MergedStreams(() -> this.streams.open(ClusterRoutes.SHARD_HISTORY), HISTORY, allocator),
				new MergedStreams(() -> this.streams.open(ClusterRoutes.SHARD_OFFERS), OFFERS, allocator));
	}

	private static Schema renamed(Schema schema) {
		List<Field> fields = schema.getFields();
		Field time = fields.get(3);
		return new Schema(List.of(fields.get(0), fields.get(1), fields.get(2),
				new Field("ts", time.getFieldType(), time.getChildren())));
	}

	private final class Opened implements Tables {

		private final MergedStreams history;

		private final MergedStreams offers;

		private boolean historyTaken;

		private boolean offersTaken;

		Opened(MergedStreams history, MergedStreams offers) {
			this.history = history;
			this.offers = offers;
		}

		@Override
		public ArrowReader history() {
			this.historyTaken = true;
			return this.history;
		}

		@Override
		public ArrowReader offers() {
			this.offersTaken = true;
			return this.offers;
		}

		@Override
		public void abort() {
			this.history.abort();
			this.offers.abort();
		}

		@Override
		public RuntimeException failure() {
			Exception failure = (this.history.failure() != null) ? this.history.failure() : this.offers.failure();
			if (failure == null || failure instanceof ErrorResponseException) {
				// none, or the shards' own 503
				return (RuntimeException) failure;
			}
			return ShardTables.this.streams.unavailable("A shard was lost while it was read: " + failure.getMessage());
		}

		@Override
		public void close() {
			// the readers the engine took are closed with DuckDB's streams
			if (!this.historyTaken) {
				this.history.close();
			}
			if (!this.offersTaken) {
				this.offers.close();
			}
		}

	}

}
