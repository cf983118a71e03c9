package io.candyflow.consumer.cluster;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One instance's record in the members topic: what it owns and whether it can answer for
 * it yet.
 *
 * @param instanceId the instance, new at every start: a restarted instance is a new
 * member, never mistaken for what the old one claimed
 * @param url the base URL its HTTP server is reached at
 * @param partitions the price topic's partitions assigned to it, ascending, without
 * duplicates
 * @param ready whether it has caught up with them: a member that is not ready owns its
 * partitions but cannot answer for them yet
 * @param generation the consumer group generation of that assignment: when two members
 * claim a partition (one has not heard of a rebalance yet), the higher one is right
 */
record Member(String instanceId, String url, List<Integer> partitions, boolean ready, int generation) {

	/**
	 * Tolerant of fields it does not know, so that an instance of a newer version, mid
	 * rolling upgrade, is still understood.
	 */
	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	Member {
		if (instanceId == null || instanceId.isBlank()) {
			throw new IllegalArgumentException("A member needs an instance id");
		}
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("Member " + instanceId + " has no URL");
		}
		partitions = normalized(instanceId, (partitions != null) ? partitions : List.of());
	}

	private static List<Integer> normalized(String instanceId, Collection<Integer> partitions) {
		TreeSet<Integer> sorted = new TreeSet<>();
		for (Integer partition : partitions) {
			if (partition == null || partition < 0) {
				throw new IllegalArgumentException("Member " + instanceId + " lists partition " + partition);
			}
			sorted.add(partition);
		}
		return List.copyOf(sorted);
	}

	boolean owns(int partition) {
		return this.partitions.contains(partition);
	}

	String toJson() {
		return JSON.writeValueAsString(this);
	}

	/**
	 * Reads a record's value.
	 * @param json the value
	 * @return the member
	 * @throws RuntimeException (Jackson's, or {@link IllegalArgumentException}) if it is
	 * not a member's record
	 */
	static Member fromJson(String json) {
		return JSON.readValue(json, Member.class);
	}

}
