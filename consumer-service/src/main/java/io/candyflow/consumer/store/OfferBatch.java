package io.candyflow.consumer.store;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.candyflow.consumer.store.Offer;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The current offers as Arrow batches, the types of the history's export: prices as
 * decimal(11, 2), event times in milliseconds, UTC.
 */
public final class OfferBatch {

	public static final Schema SCHEMA = new Schema(List.of(
			new Field("candy_id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
			new Field("store_id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
			new Field("price", FieldType.notNullable(new ArrowType.Decimal(11, 2, 128)), null),
			new Field("timestamp", FieldType.notNullable(new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")), null)));

	private OfferBatch() {
	}

	/**
	 * Loads the offers into a root of {@link #SCHEMA}, replacing what it held.
	 */
	public static void load(VectorSchemaRoot root, List<Offer> offers) {
		VarCharVector candies = (VarCharVector) root.getVector(0);
		VarCharVector stores = (VarCharVector) root.getVector(1);
		DecimalVector prices = (DecimalVector) root.getVector(2);
		TimeStampMilliTZVector timestamps = (TimeStampMilliTZVector) root.getVector(3);
		root.allocateNew();
		for (int i = 0; i < offers.size(); i++) {
			Offer offer = offers.get(i);
			candies.setSafe(i, offer.candyId().getBytes(StandardCharsets.UTF_8));
			stores.setSafe(i, offer.storeId().getBytes(StandardCharsets.UTF_8));
			prices.setSafe(i, offer.priceCents());
			timestamps.setSafe(i, offer.timestampMillis());
		}
		root.setRowCount(offers.size());
	}

}
