package io.candyflow.consumer.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.candyflow.consumer.store.CandySummary;
import io.candyflow.consumer.store.Offer;
import io.candyflow.consumer.store.StoreStats;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one instance answers another for its shard of an all-candy query: the store's own
 * values (cents, milliseconds, price sums, store ids), exact, so that the merge is exact;
 * the public JSON rounds some of them (an average) and leaves others out (which stores a
 * shard has seen).
 */
final class ShardJson {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final JsonMapper json;

	ShardJson(JsonMapper json) {
		this.json = json;
	}

	byte[] offers(List<Offer> offers) {
		ArrayNode array = nodes.arrayNode();
		for (Offer offer : offers) {
			array.addArray()
				.add(offer.candyId())
				.add(offer.storeId())
				.add(offer.priceCents())
				.add(offer.timestampMillis());
		}
		return this.json.writeValueAsBytes(array);
	}

	List<Offer> readOffers(byte[] bytes) {
		List<Offer> offers = new ArrayList<>();
		for (JsonNode offer : this.json.readTree(bytes)) {
			offers.add(new Offer(offer.get(0).asString(), offer.get(1).asString(), offer.get(2).asLong(),
					offer.get(3).asLong()));
		}
		return offers;
	}

	Optional<Offer> readCheapest(byte[] bytes) {
		return readOffers(bytes).stream().findFirst();
	}

	byte[] candies(List<CandySummary> candies) {
		ArrayNode array = nodes.arrayNode();
		for (CandySummary candy : candies) {
			array.addArray()
				.add(candy.candyId())
				.add(candy.stores())
				.add(candy.minCents())
				.add(candy.maxCents())
				.add(candy.sumCents())
				.add(candy.cheapestStore());
		}
		return this.json.writeValueAsBytes(array);
	}

	List<CandySummary> readCandies(byte[] bytes) {
		List<CandySummary> candies = new ArrayList<>();
		for (JsonNode candy : this.json.readTree(bytes)) {
			candies.add(new CandySummary(candy.get(0).asString(), candy.get(1).asInt(), candy.get(2).asLong(),
					candy.get(3).asLong(), candy.get(4).asLong(), candy.get(5).asString()));
		}
		return candies;
	}

	byte[] stats(StoreStats stats, List<String> storeIds) {
		ObjectNode object = nodes.objectNode();
		object.putArray("stats")
			.add(stats.rows())
			.add(stats.offers())
			.add(stats.candies())
			.add(stats.stores())
			.add(stats.ingested())
			.add(stats.rejected())
			.add(stats.arrowBytes())
			.add(stats.evictedRows())
			.add(stats.droppedRows());
		ArrayNode ids = object.putArray("store_ids");
		storeIds.forEach(ids::add);
		return this.json.writeValueAsBytes(object);
	}

	ShardStats readStats(byte[] bytes) {
		JsonNode object = this.json.readTree(bytes);
		JsonNode values = object.get("stats");
		long[] v = new long[9];
		for (int i = 0; i < v.length; i++) {
			v[i] = values.get(i).asLong();
		}
		Set<String> ids = new HashSet<>();
		object.get("store_ids").forEach((id) -> ids.add(id.asString()));
		return new ShardStats(new StoreStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]), ids);
	}

}
