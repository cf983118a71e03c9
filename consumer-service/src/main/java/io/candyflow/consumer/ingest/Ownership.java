package io.candyflow.consumer.ingest;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The partitions this consumer holds in sharded mode, the group generation that gave
 * them, and whether it has caught up with them: what it advertises to the other
 * instances, and what an answer of its own store covers.
 * <p>
 * A change (a revocation dropping partitions, an assignment adding some) happens between
 * two bumps of a version, odd while it lasts, as a sequence lock: a reader that saw the
 * same even version before and after answering from the store answered from exactly the
 * partitions it read ({@link #view()}, {@link #unchangedSince}).
 */
@Component
public final class Ownership {

	private final CatchUpTracker catchUp;

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	private volatile long version;

	private volatile Set<Integer> partitions = Set.of();

	private volatile int generation = -1;

	Ownership(CatchUpTracker catchUp) {
		this.catchUp = catchUp;
	}

	/**
	 * What this consumer holds now; waits out a change in progress.
	 * @return the view
	 */
	public View view() {
		while (true) {
			long before = this.version;
			if ((before & 1) == 0) {
				View view = new View(before, this.partitions, this.catchUp.isCaughtUp(), this.generation);
				if (this.version == before) {
					return view;
				}
			}
			Thread.onSpinWait();
		}
	}

	/**
	 * Whether nothing changed since the view was taken: an answer computed in between
	 * covers exactly the view's partitions.
	 * @param view a view from {@link #view()}
	 * @return {@code true} if unchanged
	 */
	public boolean unchangedSince(View view) {
		return this.version == view.version();
	}

	/**
	 * Calls the listener after every change and every catch-up, on the thread that made
	 * it (the Kafka poll thread or the store's writer): keep it short.
	 * @param listener the listener
	 */
	public void onChange(Runnable listener) {
		this.listeners.add(listener);
	}

	/**
	 * Changes the partitions held: {@code change} runs inside the change, where no reader
	 * takes it as a stable view.
	 */
	void change(Set<Integer> partitions, int generation, Runnable change) {
		this.version++;
		try {
			change.run();
			this.partitions = Set.copyOf(new TreeSet<>(partitions));
			this.generation = generation;
		}
		finally {
			this.version++;
		}
		changed();
	}

	/**
	 * The same partitions, from a newer generation (a rebalance that moved none of ours).
	 */
	void generation(int generation) {
		this.generation = generation;
		changed();
	}

	@EventListener
	void caughtUp(CatchUpTracker.CaughtUp event) {
		changed();
	}

	private void changed() {
		for (Runnable listener : this.listeners) {
			listener.run();
		}
	}

	/**
	 * What this consumer held at one moment.
	 *
	 * @param version the change count it was taken at
	 * @param partitions the partitions held
	 * @param ready whether every one has caught up
	 * @param generation the group generation that assigned them, -1 before the first
	 */
	public record View(long version, Set<Integer> partitions, boolean ready, int generation) {
	}

}
