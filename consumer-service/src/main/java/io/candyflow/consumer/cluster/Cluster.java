package io.candyflow.consumer.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.candyflow.consumer.ingest.Ownership;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * This instance's membership, started once the web server knows its port (the URL it
 * advertises), stopped with the application: it advertises what {@link Ownership} holds
 * after every change and catch-up.
 */
final class Cluster implements ApplicationListener<WebServerInitializedEvent>, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Cluster.class);

	private final ClusterProperties properties;

	private final Map<String, Object> kafka;

	private final Ownership ownership;

	private volatile Membership membership;

	private final MeterRegistry meters;

	Cluster(ClusterProperties properties, Map<String, Object> kafka, Ownership ownership, MeterRegistry meters) {
		this.meters = meters;
		this.properties = properties;
		this.kafka = kafka;
		this.ownership = ownership;
	}

	@Override
	public synchronized void onApplicationEvent(WebServerInitializedEvent event) {
		if (this.membership != null || "management".equals(event.getApplicationContext().getServerNamespace())) {
			// the management server, if it has a port of its own, is not the query URL
			return;
		}
		String url = this.properties.advertisedUrl(event.getWebServer().getPort());
		Membership membership = new Membership(this.properties, url, this.kafka);
		this.ownership.onChange(() -> advertise(membership));
		advertise(membership);
		membership.start();
		membership.bindTo(this.meters);
		this.membership = membership;
		logger.info("Sharded: this instance is {} at {}", membership.self(), url);
	}

	private void advertise(Membership membership) {
		Ownership.View view = this.ownership.view();
		membership.advertise(view.partitions(), view.ready(), view.generation());
	}

	/**
	 * Who owns what, now; only this instance, owning nothing, until membership starts.
	 * @return the routing
	 */
	RoutingTable routing() {
		Membership membership = this.membership;
		return (membership != null) ? membership.routing() : new RoutingTable("", List.of(), Map.of());
	}

	/**
	 * Leaves a member that did not answer out of the routing until it is heard again.
	 * @param member the member
	 */
	void suspect(Member member) {
		Optional.ofNullable(this.membership).ifPresent((membership) -> membership.suspect(member.instanceId()));
	}

	@Override
	public void close() {
		Membership membership = this.membership;
		if (membership != null) {
			membership.close();
		}
	}

}
