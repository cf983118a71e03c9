package io.candyflow.consumer.ingest;

import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * The topic and the consumer groups of the two listeners, for their annotations.
 * <p>
 * The price listener subscribes with a group of its own, new at every start: every
 * replica holds the full view, so it must be assigned every partition, and a group with
 * no committed offsets starts each of them from the beginning. Subscribing (rather than
 * assigning partitions by hand) is what lets Kafka's client wait for a topic that does
 * not exist yet, ride out a broker that is not there yet, and hand over partitions added
 * to the topic later. The group never commits, so it leaves nothing behind on the broker
 * once the replica is gone.
 */
@Component
class IngestTopics {

	private final IngestProperties properties;

	private final String viewGroup = "candyflow-view-" + UUID.randomUUID();

	IngestTopics(IngestProperties properties) {
		this.properties = properties;
	}

	public String topic() {
		return this.properties.topic();
	}

	/**
	 * This replica's own group for the full view, or in sharded mode the group the
	 * sharded consumers share (which commits nothing either: a partition assigned to a
	 * consumer is read from its beginning).
	 * @return the group id
	 */
	public String viewGroup() {
		return this.properties.sharded() ? this.properties.group() : this.viewGroup;
	}

	/**
	 * The group shared by every replica for dead-lettering.
	 * @return the group id
	 */
	public String deadLetterGroup() {
		return this.properties.deadLetterGroup();
	}

}
