package io.candyflow.consumer.cluster;

import java.io.IOException;
import java.util.List;

import io.candyflow.consumer.sql.SqlTables;
import io.candyflow.consumer.store.HistoryExporter;
import io.candyflow.consumer.store.OfferBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * SQL over every shard: a query's {@code history} and {@code offers} are every shard's,
 * read while DuckDB scans them. The shards send them in the export's types (decimal
 * prices, millisecond times), which DuckDB reads as the same SQL types as the local
 * tables; only the time column is renamed to the tables' {@code ts}.
 * <p>
 * Each shard's two tables are two snapshots of it, and the shards' snapshots are not of
 * one moment: a query over shards sees each partition as of the moment its shard was
 * asked, as a query over a replica that is still ingesting would.
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
		ShardStreams.Gathered history = this.streams.open(ClusterRoutes.SHARD_HISTORY);
		ShardStreams.Gathered offers;
		try {
			offers = this.streams.open(ClusterRoutes.SHARD_OFFERS);
		}
		catch (RuntimeException ex) {
			history.close();
			throw ex;
		}
		MergedStreams historyReader = null;
		try {
			historyReader = new MergedStreams(history.bodies(), HISTORY, allocator);
			return new Opened(historyReader, new MergedStreams(offers.bodies(), OFFERS, allocator));
		}
		catch (IOException ex) {
			offers.close();
			close(historyReader);
			throw this.streams.unavailable("A shard's table could not be read: " + ex.getMessage());
		}
	}

	private static Schema renamed(Schema schema) {
		List<Field> fields = schema.getFields();
		Field time = fields.get(3);
		return new Schema(List.of(fields.get(0), fields.get(1), fields.get(2),
				new Field("ts", time.getFieldType(), time.getChildren())));
	}

	private static void close(ArrowReader reader) {
		if (reader != null) {
			try {
				reader.close();
			}
			catch (IOException ex) {
				// the streams are gone already
			}
		}
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
			IOException failure = (this.history.failure() != null) ? this.history.failure() : this.offers.failure();
			return (failure != null) ? ShardTables.this.streams
				.unavailable("A shard was lost while it was read: " + failure.getMessage()) : null;
		}

		@Override
		public void close() {
			// the readers the engine took are closed with DuckDB's streams
			if (!this.historyTaken) {
				ShardTables.close(this.history);
			}
			if (!this.offersTaken) {
				ShardTables.close(this.offers);
			}
		}

	}

}
