package io.candyflow.consumer.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The routing rules, on a clock of the test's own: who owns a partition, when a member
 * stops counting, and when a whole-topic plan can be made.
 */
class RoutingTableTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final MemberTable table = new MemberTable("self", TIMEOUT, this.now::get);

	@Test
	void theHigherGenerationOwnsAPartitionWhicheverWasHeardLast() {
		this.table.heard(member("new", true, 4, 0, 1));
		this.table.heard(member("old", true, 3, 1, 2));
		assertThat(owner(1)).isEqualTo("new");

		MemberTable reversed = new MemberTable("self", TIMEOUT, this.now::get);
		reversed.heard(member("old", true, 3, 1, 2));
		reversed.heard(member("new", true, 4, 0, 1));
		assertThat(reversed.routing().owner(1)).map(Member::instanceId).hasValue("new");
		// the partitions nobody else claims stay with their only claimant
		assertThat(reversed.routing().owner(2)).map(Member::instanceId).hasValue("old");
	}

	@Test
	void withinAGenerationTheLaterClaimWinsAndHeartbeatsDoNotFlipIt() {
		this.table.heard(member("a", true, 2, 0));
		tick(Duration.ofMillis(100));
		this.table.heard(member("b", true, 2, 0));
		assertThat(owner(0)).isEqualTo("b");
		tick(Duration.ofMillis(100));
		// a's heartbeat repeats its claim; it does not make it newer
		this.table.heard(member("a", true, 2, 0));
		assertThat(owner(0)).isEqualTo("b");
	}

	@Test
	void aMemberNotHeardFromForTheTimeoutIsNotRoutedTo() {
		this.table.heard(member("a", true, 1, 0));
		long version = this.table.version();
		tick(TIMEOUT.minusNanos(1));
		assertThat(owner(0)).isEqualTo("a");
		assertThat(this.table.version()).isEqualTo(version);
		tick(Duration.ofNanos(1));
		assertThat(this.table.routing().owner(0)).isEmpty();
		assertThat(this.table.routing().members()).isEmpty();
		assertThat(this.table.version()).isGreaterThan(version);

		this.table.heard(member("a", true, 1, 0));
		assertThat(owner(0)).isEqualTo("a");
	}

	@Test
	void heartbeatsKeepAMemberLive() {
		this.table.heard(member("a", true, 1, 0));
		long version = this.table.version();
		for (int beat = 0; beat < 10; beat++) {
			tick(Duration.ofSeconds(1));
			this.table.heard(member("a", true, 1, 0));
		}
		assertThat(owner(0)).isEqualTo("a");
		// nothing changed for the routing
		assertThat(this.table.version()).isEqualTo(version);
	}

	@Test
	void expiryMovesTheVersionWithoutAnyoneAskingForTheRouting() {
		this.table.heard(member("a", true, 1, 0));
		long version = this.table.version();
		tick(TIMEOUT);
		this.table.expire();
		assertThat(this.table.version()).isGreaterThan(version);
	}

	@Test
	void anExpiredHigherGenerationLeavesThePartitionToTheLiveClaimant() {
		this.table.heard(member("gone", true, 9, 0));
		tick(Duration.ofSeconds(3));
		this.table.heard(member("live", true, 8, 0));
		assertThat(owner(0)).isEqualTo("gone");
		tick(Duration.ofSeconds(2));
		assertThat(owner(0)).isEqualTo("live");
	}

	@Test
	void aPlanAsksEachReadyOwnerForItsPartitions() {
		Member a = member("a", true, 1, 0, 2);
		Member b = member("b", true, 1, 1, 3);
		this.table.heard(a);
		this.table.heard(b);
		Map<Member, Set<Integer>> plan = this.table.routing().plan(4).orElseThrow();
		assertThat(plan).containsOnly(Map.entry(a, Set.of(0, 2)), Map.entry(b, Set.of(1, 3)));
		// partitions past the count asked for are not asked for
		assertThat(this.table.routing().plan(2).orElseThrow()).containsOnly(Map.entry(a, Set.of(0)),
				Map.entry(b, Set.of(1)));
		assertThat(this.table.routing().plan(0)).hasValue(Map.of());
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.routing().plan(-1));
	}

	@Test
	void noPlanWhileAnOwnerIsNotReady() {
		this.table.heard(member("a", true, 1, 0));
		this.table.heard(member("b", false, 1, 1));
		assertThat(this.table.routing().plan(2)).isEmpty();
		// the partition has an owner all the same: it is being caught up with, not lost
		assertThat(owner(1)).isEqualTo("b");

		this.table.heard(member("b", true, 1, 1));
		assertThat(this.table.routing().plan(2)).isPresent();
	}

	@Test
	void noPlanWhenAPartitionHasNoOwner() {
		this.table.heard(member("a", true, 1, 0, 2));
		assertThat(this.table.routing().plan(3)).isEmpty();
		assertThat(this.table.routing().owner(1)).isEmpty();
	}

	@Test
	void aSuspectIsLeftOutUntilItIsHeardFromAgain() {
		this.table.heard(member("a", true, 1, 0));
		this.table.heard(member("b", true, 1, 1));
		long version = this.table.version();
		this.table.suspect("b");
		assertThat(this.table.version()).isGreaterThan(version);
		assertThat(this.table.routing().owner(1)).isEmpty();
		assertThat(this.table.routing().members()).extracting(Member::instanceId).containsExactly("a");
		assertThat(this.table.routing().plan(2)).isEmpty();

		// time alone does not lift it
		tick(Duration.ofSeconds(1));
		assertThat(this.table.routing().owner(1)).isEmpty();
		// the same record heard again, after the suspicion, does
		this.table.heard(member("b", true, 1, 1));
		assertThat(owner(1)).isEqualTo("b");
	}

	@Test
	void aSuspectLosesItsPartitionsToAnOlderClaimant() {
		this.table.heard(member("old", true, 1, 0));
		this.table.heard(member("new", true, 2, 0));
		this.table.suspect("new");
		assertThat(owner(0)).isEqualTo("old");
	}

	@Test
	void suspectingAStrangerChangesNothing() {
		long version = this.table.version();
		this.table.suspect("nobody");
		assertThat(this.table.version()).isEqualTo(version);
	}

	@Test
	void aTombstoneRemovesTheMemberAtOnce() {
		this.table.heard(member("a", true, 1, 0));
		this.table.heard(member("b", true, 1, 1));
		long version = this.table.version();
		this.table.removed("b");
		assertThat(this.table.version()).isGreaterThan(version);
		assertThat(this.table.routing().members()).extracting(Member::instanceId).containsExactly("a");
		assertThat(this.table.routing().owner(1)).isEmpty();
	}

	@Test
	void theTableIsASnapshot() {
		this.table.heard(member("b", true, 1, 1));
		this.table.heard(member("a", true, 1, 0));
		this.table.heard(member("self", true, 1, 2));
		RoutingTable before = this.table.routing();
		this.table.removed("a");
		assertThat(before.members()).extracting(Member::instanceId).containsExactly("a", "b", "self");
		assertThat(before.owner(0)).isPresent();
		assertThatThrownBy(() -> before.members().clear()).isInstanceOf(UnsupportedOperationException.class);
		assertThat(before.self()).isEqualTo("self");
		assertThat(before.isSelf(before.owner(2).orElseThrow())).isTrue();
		assertThat(before.isSelf(before.owner(1).orElseThrow())).isFalse();
	}

	@Test
	void theSameTableUntilSomethingChanges() {
		this.table.heard(member("a", true, 1, 0));
		RoutingTable first = this.table.routing();
		tick(Duration.ofSeconds(1));
		assertThat(this.table.routing()).isSameAs(first);
		this.table.heard(member("a", true, 2, 0));
		assertThat(this.table.routing()).isNotSameAs(first);
	}

	@Test
	void aMemberIsJsonOnTheTopic() {
		Member member = new Member("id-1", "http://host:8080", List.of(3, 1, 3), true, 7);
		assertThat(member.partitions()).containsExactly(1, 3);
		assertThat(Member.fromJson(member.toJson())).isEqualTo(member);
		// a newer instance's record, with a field this version does not know
		assertThat(Member.fromJson("{\"instanceId\":\"id-2\",\"url\":\"http://x:1\",\"partitions\":[2,0],"
				+ "\"ready\":false,\"generation\":3,\"zone\":\"b\"}"))
			.isEqualTo(new Member("id-2", "http://x:1", List.of(0, 2), false, 3));
		assertThatThrownBy(() -> Member.fromJson("{\"url\":\"http://x:1\",\"partitions\":[]}"))
			.isInstanceOf(RuntimeException.class);
		assertThatThrownBy(() -> Member.fromJson("not json")).isInstanceOf(RuntimeException.class);
		assertThatIllegalArgumentException().isThrownBy(() -> new Member("id", "http://x:1", List.of(-1), true, 1));
	}

	private String owner(int partition) {
		return this.table.routing().owner(partition).map(Member::instanceId).orElse(null);
	}

	private void tick(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	private static Member member(String id, boolean ready, int generation, Integer... partitions) {
		return new Member(id, "http://" + id + ":8080", List.of(partitions), ready, generation);
	}

}
