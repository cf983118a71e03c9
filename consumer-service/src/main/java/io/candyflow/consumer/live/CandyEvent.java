package io.candyflow.consumer.live;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.candyflow.price.PriceRules;

/**
 * The JSON data of a {@code snapshot} or {@code update} event.
 *
 * @param time the server's time in Unix seconds, so that the page can ask
 * {@code /history} for a window in the server's clock
 * @param candies the candies that changed (all of them in a snapshot), in candy order
 */
record CandyEvent(long time, List<CandyRow> candies) {

	static CandyEvent of(long time, List<CandyBoard.Row> rows) {
		return new CandyEvent(time, rows.stream().map(CandyRow::of).toList());
	}

	/**
	 * One row of the dashboard's table.
	 *
	 * @param candyId the candy
	 * @param cheapestStore the store with the lowest current price
	 * @param price the lowest current price
	 * @param change how the lowest price moved at its last move; absent until it moves
	 * @param stores how many stores have a current offer
	 * @param max the highest current price
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record CandyRow(@JsonProperty("candy_id") String candyId, @JsonProperty("cheapest_store") String cheapestStore,
			BigDecimal price, BigDecimal change, int stores, BigDecimal max) {

		static CandyRow of(CandyBoard.Row row) {
			return new CandyRow(row.summary().candyId(), row.summary().cheapestStore(),
					PriceRules.centsToPrice(row.summary().minCents()),
					(row.changeCents() != null) ? BigDecimal.valueOf(row.changeCents(), 2) : null,
					row.summary().stores(), PriceRules.centsToPrice(row.summary().maxCents()));
		}

	}

}
