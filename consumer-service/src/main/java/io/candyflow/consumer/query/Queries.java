package io.candyflow.consumer.query;

import java.util.List;

import io.candyflow.consumer.store.CandySummary;
import io.candyflow.consumer.store.Offer;
import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.store.StoreStats;
import io.candyflow.consumer.web.InvalidParameterException;
import io.candyflow.consumer.web.QueryArguments;

import org.springframework.stereotype.Component;

/**
 * What each query endpoint answers, from its parameters, whichever stack serves it: the
 * Reactor Netty routes ({@link QueryRoutes}) and the WebFlux controllers that document
 * them both call these, so a parameter has one rule and a miss one problem.
 */
@Component
public class Queries {

	private final PriceStore store;

	Queries(PriceStore store) {
		this.store = store;
	}

	/**
	 * {@code /cheapest}: the cheapest current offer of {@code candy_id}, or of all.
	 */
	public Offer cheapest(QueryArguments arguments) {
		String candyId = arguments.get("candy_id");
		if (candyId == null) {
			return this.store.cheapest().orElseThrow(CandyNotFoundException::new);
		}
		String candy = QueryParameters.id("candy_id", candyId);
		return this.store.cheapest(candy).orElseThrow(() -> new CandyNotFoundException(candy));
	}

	/**
	 * {@code /offers}: current offers, cheapest first, by {@code candy_id},
	 * {@code store_id} and {@code limit}.
	 */
	public List<Offer> offers(QueryArguments arguments) {
		String candy = QueryParameters.optionalId("candy_id", arguments.get("candy_id"));
		String store = QueryParameters.optionalId("store_id", arguments.get("store_id"));
		int limit = QueryParameters.limit(arguments.get("limit"));
		requireKnown(candy);
		return this.store.offers(candy, store, limit);
	}

	/**
	 * The {@code limit} of {@code /offers} and {@code /history}, checked.
	 */
	public int limit(QueryArguments arguments) {
		return QueryParameters.limit(arguments.get("limit"));
	}

	/**
	 * {@code /candies}: every candy's current offers in brief.
	 */
	public List<CandySummary> candies() {
		return this.store.candies();
	}

	/**
	 * {@code /stats}: what the store holds.
	 */
	public StoreStats stats() {
		return this.store.stats();
	}

	/**
	 * {@code /history}: a candy's updates in event-time order, by {@code store_id},
	 * {@code from}, {@code to} and {@code limit}.
	 */
	public List<Offer> history(QueryArguments arguments) {
		String candyId = arguments.get("candy_id");
		if (candyId == null) {
			throw new InvalidParameterException("candy_id", "is required");
		}
		String candy = QueryParameters.id("candy_id", candyId);
		String store = QueryParameters.optionalId("store_id", arguments.get("store_id"));
		long from = QueryParameters.time("from", arguments.get("from"), Long.MIN_VALUE);
		long to = QueryParameters.time("to", arguments.get("to"), Long.MAX_VALUE);
		int limit = QueryParameters.limit(arguments.get("limit"));
		if (from > to) {
			throw new InvalidParameterException("from", "must not be after to");
		}
		requireKnown(candy);
		return this.store.history(candy, store, from, to, limit);
	}

	/**
	 * {@code /export}: the candy to export, {@code null} for all.
	 */
	public String exportCandy(QueryArguments arguments) {
		String candy = QueryParameters.optionalId("candy_id", arguments.get("candy_id"));
		requireKnown(candy);
		return candy;
	}

	private void requireKnown(String candy) {
		if (candy != null && !this.store.knows(candy)) {
			throw new CandyNotFoundException(candy);
		}
	}

}
