package io.candyflow.consumer.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who answers for which partition, as this instance saw the cluster at one moment. It
 * does not change: a query plans with one table from start to end, and asks
 * {@link Membership#routing()} for a fresh one to retry.
 */
final class RoutingTable {

	private final String self;

	private final List<Member> members;

	private final Map<Integer, Member> owners;

	/**
	 * @param self this instance's id
	 * @param members the live members, in the order {@link #members()} gives
	 * @param owners each partition's owner, for the partitions that have one
	 */
	RoutingTable(String self, List<Member> members, Map<Integer, Member> owners) {
		this.self = self;
		this.members = List.copyOf(members);
		this.owners = Map.copyOf(owners);
	}

	/**
	 * This instance's id: a plan's member with it is answered locally, not forwarded.
	 * @return the id
	 */
	String self() {
		return this.self;
	}

	boolean isSelf(Member member) {
		return this.self.equals(member.instanceId());
	}

	/**
	 * The members heard from recently and not suspected, this instance included once it
	 * has advertised.
	 * @return them, by instance id
	 */
	List<Member> members() {
		return this.members;
	}

	/**
	 * The member a partition's queries go to, ready or not: a caller that gets one that
	 * is not ready knows the partition is being caught up with, not lost.
	 * @param partition the price topic's partition
	 * @return its owner, or empty if no live member claims it
	 */
	Optional<Member> owner(int partition) {
		return Optional.ofNullable(this.owners.get(partition));
	}

	/**
	 * Whom to ask for the whole topic: one ready owner for every partition. All or
	 * nothing, because an answer missing a partition would look complete and be wrong.
	 * @param partitionCount the price topic's partitions, {@code 0..partitionCount-1}
	 * @return each member to ask with the partitions it answers for, or empty if some
	 * partition has no live, ready owner
	 */
	Optional<Map<Member, Set<Integer>>> plan(int partitionCount) {
		if (partitionCount < 0) {
			throw new IllegalArgumentException("partitionCount must not be negative (was " + partitionCount + ")");
		}
		Map<Member, Set<Integer>> plan = new LinkedHashMap<>();
		for (int partition = 0; partition < partitionCount; partition++) {
			Member owner = this.owners.get(partition);
			if (owner == null || !owner.ready()) {
				return Optional.empty();
			}
			plan.computeIfAbsent(owner, (member) -> new TreeSet<>()).add(partition);
		}
		plan.replaceAll((member, partitions) -> Collections.unmodifiableSet(partitions));
		return Optional.of(Collections.unmodifiableMap(plan));
	}

	/**
	 * Why there is no plan: the partitions without an owner, and those whose owner is
	 * still replaying them.
	 * @param partitionCount the price topic's partitions
	 * @return the explanation, for a 503's detail
	 */
	String gaps(int partitionCount) {
		List<Integer> none = new ArrayList<>();
		List<Integer> notReady = new ArrayList<>();
		for (int partition = 0; partition < partitionCount; partition++) {
			Member owner = this.owners.get(partition);
			if (owner == null) {
				none.add(partition);
			}
			else if (!owner.ready()) {
				notReady.add(partition);
			}
		}
		return "Not every partition has a ready owner now: " + (none.isEmpty() ? "" : "none for " + none)
				+ ((!none.isEmpty() && !notReady.isEmpty()) ? ", " : "")
				+ (notReady.isEmpty() ? "" : "replaying " + notReady);
	}

	@Override
	public String toString() {
		return "RoutingTable[self=" + this.self + ", owners=" + this.owners + "]";
	}

}
