package io.candyflow.consumer.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What this instance has heard from the members, and the routing rules, apart from Kafka
 * so that they can be tested with a clock of the test's own.
 * <p>
 * Times are this instance's own, taken when a record arrives, never the sender's: the
 * machines' clocks differ, and a member is live as long as it is heard from, whatever its
 * clock says.
 */
final class MemberTable {

	private static final Comparator<Member> BY_ID = Comparator.comparing(Member::instanceId);

	private final String self;

	private final long timeoutNanos;

	private final LongSupplier nanoClock;

	private final Map<String, Heard> heard = new HashMap<>();

	private final AtomicLong version = new AtomicLong();

	private volatile Snapshot snapshot;

	/**
	 * @param self this instance's id
	 * @param memberTimeout how long a member stays live after its last record
	 * @param nanoClock {@link System#nanoTime()}, or a test's
	 */
	MemberTable(String self, Duration memberTimeout, LongSupplier nanoClock) {
		this.self = self;
		this.timeoutNanos = memberTimeout.toNanos();
		this.nanoClock = nanoClock;
	}

	/**
	 * A member's record arrived. The same record again only keeps the member live; a
	 * different one is a new claim, and lifts a suspicion.
	 * @param member the record
	 */
	synchronized void heard(Member member) {
		long now = this.nanoClock.getAsLong();
		Heard before = this.heard.get(member.instanceId());
		if (before != null && !before.suspected && before.member.equals(member) && live(before, now)) {
			this.heard.put(member.instanceId(), new Heard(member, before.claimedNanos, now, false));
			return;
		}
		this.heard.put(member.instanceId(), new Heard(member, now, now, false));
		changed();
	}

	/**
	 * A member left (its tombstone arrived, or this instance stops).
	 * @param instanceId the member
	 */
	synchronized void removed(String instanceId) {
		if (this.heard.remove(instanceId) != null) {
			changed();
		}
	}

	/**
	 * Leaves a member out of the routing until its next record: a forward to it just
	 * failed, and the retry should not go to it again on the strength of a heartbeat that
	 * was older than the failure.
	 * @param instanceId the member
	 */
	synchronized void suspect(String instanceId) {
		Heard before = this.heard.get(instanceId);
		if (before != null && !before.suspected) {
			this.heard.put(instanceId, new Heard(before.member, before.claimedNanos, before.heardNanos, true));
			changed();
		}
	}

	/**
	 * Forgets the members not heard from within the timeout, so that {@link #version()}
	 * moves when one expires and not only when someone asks for the routing.
	 */
	synchronized void expire() {
		expire(this.nanoClock.getAsLong());
	}

	/**
	 * Goes up whenever the routing may have changed: a new claim, a member gone, expired
	 * or suspected. A heartbeat that repeats the last record does not move it.
	 * @return the current version
	 */
	long version() {
		return this.version.get();
	}

	/**
	 * The routing now. Cheap when nothing changed: the table is rebuilt only after a
	 * change or when one of its members expires.
	 * @return the table
	 */
	RoutingTable routing() {
		long now = this.nanoClock.getAsLong();
		Snapshot current = this.snapshot;
		if (current != null && current.version == this.version.get() && now - current.validUntilNanos < 0) {
			return current.table;
		}
		synchronized (this) {
			expire(now);
			this.snapshot = build(now);
			return this.snapshot.table;
		}
	}

	private void expire(long now) {
		boolean any = false;
		for (Iterator<Heard> entries = this.heard.values().iterator(); entries.hasNext();) {
			if (!live(entries.next(), now)) {
				entries.remove();
				any = true;
			}
		}
		if (any) {
			changed();
		}
	}

	private Snapshot build(long now) {
		List<Heard> live = new ArrayList<>();
		// the table holds until its first member expires
		long validUntil = now + (Long.MAX_VALUE >> 1);
		for (Heard entry : this.heard.values()) {
			if (entry.heardNanos + this.timeoutNanos - validUntil < 0) {
				validUntil = entry.heardNanos + this.timeoutNanos;
			}
			if (!entry.suspected) {
				live.add(entry);
			}
		}
		Map<Integer, Heard> owners = new HashMap<>();
		for (Heard candidate : live) {
			for (int partition : candidate.member.partitions()) {
				owners.merge(partition, candidate, MemberTable::stronger);
			}
		}
		Map<Integer, Member> owning = new HashMap<>();
		owners.forEach((partition, owner) -> owning.put(partition, owner.member));
		List<Member> members = new ArrayList<>(live.size());
		live.forEach((entry) -> members.add(entry.member));
		members.sort(BY_ID);
		return new Snapshot(new RoutingTable(this.self, members, owning), this.version.get(), validUntil);
	}

	/**
	 * Of two claims to a partition, the one from the later consumer group generation: the
	 * other member has not caught up with a rebalance. Within one generation (which Kafka
	 * does not hand out twice) the later claim, and then the instance id, so that the
	 * choice does not flip at every heartbeat.
	 */
	private static Heard stronger(Heard one, Heard other) {
		if (one.member.generation() != other.member.generation()) {
			return (one.member.generation() > other.member.generation()) ? one : other;
		}
		if (one.claimedNanos != other.claimedNanos) {
			return (one.claimedNanos - other.claimedNanos > 0) ? one : other;
		}
		return (one.member.instanceId().compareTo(other.member.instanceId()) <= 0) ? one : other;
	}

	private boolean live(Heard entry, long now) {
		return now - entry.heardNanos < this.timeoutNanos;
	}

	private void changed() {
		this.version.incrementAndGet();
	}

	/**
	 * A member's last record.
	 *
	 * @param claimedNanos when that record (its content) was first heard
	 * @param heardNanos when it was last heard
	 * @param suspected whether a forward to it failed since
	 */
	private record Heard(Member member, long claimedNanos, long heardNanos, boolean suspected) {
	}

	private record Snapshot(RoutingTable table, long version, long validUntilNanos) {
	}

}
