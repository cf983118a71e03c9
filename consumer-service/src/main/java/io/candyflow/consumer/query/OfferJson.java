package io.candyflow.consumer.query;

import java.math.BigDecimal;
import java.util.List;

import io.candyflow.consumer.store.CandySummary;
import io.candyflow.consumer.store.Offer;
import io.candyflow.consumer.store.StoreStats;
import io.candyflow.consumer.web.JsonOutput;

/**
 * The routes' JSON: the bytes Jackson writes for {@link OfferResponse},
 * {@link CandyResponse} and {@link StoreStats}, written field by field into the response
 * buffer. {@code OfferJsonTests} holds the two to the same bytes.
 */
public final class OfferJson {

	private static final byte[] CANDY_ID = JsonOutput.ascii("{\"candy_id\":");

	private static final byte[] STORE_ID = JsonOutput.ascii(",\"store_id\":");

	private static final byte[] PRICE = JsonOutput.ascii(",\"price\":");

	private static final byte[] TIMESTAMP = JsonOutput.ascii(",\"timestamp\":");

	private static final byte[] STORES = JsonOutput.ascii(",\"stores\":");

	private static final byte[] MIN = JsonOutput.ascii(",\"min\":");

	private static final byte[] MAX = JsonOutput.ascii(",\"max\":");

	private static final byte[] AVG = JsonOutput.ascii(",\"avg\":");

	private static final byte[] CHEAPEST_STORE = JsonOutput.ascii(",\"cheapest_store\":");

	private OfferJson() {
	}

	public static void offer(JsonOutput out, Offer offer) {
		out.raw(CANDY_ID).string(offer.candyId()).raw(STORE_ID).string(offer.storeId()).raw(PRICE);
		price(out, offer.priceCents());
		out.raw(TIMESTAMP);
		// Unix seconds, with the milliseconds only if there are any (OfferResponse)
		long millis = offer.timestampMillis();
		if (millis % 1000 == 0) {
			out.number(millis / 1000);
		}
		else if (millis > 0) {
			out.decimal(millis, 3);
		}
		else {
			out.decimal(BigDecimal.valueOf(millis, 3));
		}
		out.raw('}');
	}

	public static void offers(JsonOutput out, List<Offer> offers) {
		out.raw('[');
		for (int i = 0; i < offers.size(); i++) {
			if (i > 0) {
				out.raw(',');
			}
			offer(out, offers.get(i));
		}
		out.raw(']');
	}

	public static void candies(JsonOutput out, List<CandySummary> candies) {
		out.raw('[');
		for (int i = 0; i < candies.size(); i++) {
			CandySummary candy = candies.get(i);
			if (i > 0) {
				out.raw(',');
			}
			out.raw(CANDY_ID).string(candy.candyId()).raw(STORES).number(candy.stores()).raw(MIN);
			price(out, candy.minCents());
			out.raw(MAX);
			price(out, candy.maxCents());
			out.raw(AVG).decimal(CandyResponse.average(candy)).raw(CHEAPEST_STORE).string(candy.cheapestStore());
			out.raw('}');
		}
		out.raw(']');
	}

	public static void stats(JsonOutput out, StoreStats stats) {
		out.raw(Stats.ROWS)
			.number(stats.rows())
			.raw(Stats.OFFERS)
			.number(stats.offers())
			.raw(Stats.CANDIES)
			.number(stats.candies())
			.raw(Stats.STORES)
			.number(stats.stores())
			.raw(Stats.INGESTED)
			.number(stats.ingested())
			.raw(Stats.REJECTED)
			.number(stats.rejected())
			.raw(Stats.ARROW_BYTES)
			.number(stats.arrowBytes())
			.raw(Stats.EVICTED_ROWS)
			.number(stats.evictedRows())
			.raw(Stats.DROPPED_ROWS)
			.number(stats.droppedRows())
			.raw('}');
	}

	/** A price as {@code PriceRules.centsToPrice} gives it: no trailing zeros. */
	private static void price(JsonOutput out, long cents) {
		out.decimalStripped(cents, 2);
	}

	private static final class Stats {

		static final byte[] ROWS = JsonOutput.ascii("{\"rows\":");

		static final byte[] OFFERS = JsonOutput.ascii(",\"offers\":");

		static final byte[] CANDIES = JsonOutput.ascii(",\"candies\":");

		static final byte[] STORES = JsonOutput.ascii(",\"stores\":");

		static final byte[] INGESTED = JsonOutput.ascii(",\"ingested\":");

		static final byte[] REJECTED = JsonOutput.ascii(",\"rejected\":");

		static final byte[] ARROW_BYTES = JsonOutput.ascii(",\"arrow_bytes\":");

		static final byte[] EVICTED_ROWS = JsonOutput.ascii(",\"evicted_rows\":");

		static final byte[] DROPPED_ROWS = JsonOutput.ascii(",\"dropped_rows\":");

	}

}
