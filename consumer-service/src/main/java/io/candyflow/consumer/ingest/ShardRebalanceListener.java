package io.candyflow.consumer.ingest;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.candyflow.consumer.store.PriceStore;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Sharded mode's side of a rebalance, on the Kafka poll thread. Cooperative rebalancing
 * revokes only partitions that move, and assigns only new ones:
 * <ul>
 * <li>revoked (or lost): the store drops them ({@link PriceStore#dropPartitions}), on the
 * writer's thread after the records read before, and they are no longer waited for;
 * <li>assigned: they are read from their beginning (the group commits nothing), and the
 * consumer is not caught up until they are.
 * </ul>
 * Both wait for the writer, so that no record decoded with the store's old codes is
 * applied after the drop, and a catch-up reached before the assignment is not mistaken
 * for one after it.
 */
final class ShardRebalanceListener implements ConsumerAwareRebalanceListener {

	private static final Logger logger = LoggerFactory.getLogger(ShardRebalanceListener.class);

	private final StoreWriter writer;

	private final PriceStore store;

	private final CatchUpTracker catchUp;

	private final Ownership ownership;

	/** Poll thread only. */
	private final Set<Integer> held = new HashSet<>();

	ShardRebalanceListener(StoreWriter writer, PriceStore store, CatchUpTracker catchUp, Ownership ownership) {
		this.writer = writer;
		this.store = store;
		this.catchUp = catchUp;
		this.ownership = ownership;
	}

	@Override
	public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		drop(consumer, partitions, "revoked");
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		drop(consumer, partitions, "lost");
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		int generation = consumer.groupMetadata().generationId();
		if (partitions.isEmpty()) {
			this.ownership.generation(generation);
			return;
		}
		consumer.seekToBeginning(partitions);
		List<Integer> added = numbers(partitions);
		this.held.addAll(added);
		inTurn(() -> this.ownership.change(this.held, generation, () -> this.catchUp.assigned(partitions)));
		logger.info("Assigned partitions {} (generation {}): reading them from the beginning; holding {}", added,
				generation, new TreeSet<>(this.held));
	}

	private void drop(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, String how) {
		if (partitions.isEmpty()) {
			return;
		}
		int generation = consumer.groupMetadata().generationId();
		List<Integer> dropped = numbers(partitions);
		this.held.removeAll(dropped);
		long[] rows = new long[1];
		inTurn(() -> this.ownership.change(this.held, generation, () -> {
			rows[0] = this.store.dropPartitions(dropped);
			this.catchUp.revoked(partitions);
		}));
		logger.info("Partitions {} {}: dropped their {} history rows; holding {}", dropped, how, rows[0],
				new TreeSet<>(this.held));
	}

	private void inTurn(Runnable work) {
		try {
			this.writer.runInTurn(work);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during a rebalance", ex);
		}
	}

	private static List<Integer> numbers(Collection<TopicPartition> partitions) {
		return partitions.stream().map(TopicPartition::partition).sorted().toList();
	}

}
