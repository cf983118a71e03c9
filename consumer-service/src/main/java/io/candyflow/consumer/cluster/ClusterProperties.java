package io.candyflow.consumer.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sharded mode: how the instances find each other and how long they trust what they
 * heard.
 *
 * @param advertisedUrl the base URL at which the other instances reach this one's HTTP
 * server; unset, {@code http://<host name>:<server port>} (see
 * {@link #advertisedUrl(int)}), which is wrong wherever that name does not resolve for
 * the others or the port is mapped (containers, NAT)
 * @param membersTopic the compacted topic in which every instance keeps a record of the
 * partitions it owns
 * @param heartbeatInterval how often an instance rewrites its record: silence is the only
 * sign of a crashed instance, so this bounds how fast the others can notice
 * @param memberTimeout an instance not heard from for this long is not routed to; longer
 * than {@code heartbeatInterval}, with room for a late heartbeat or two, or live
 * instances would flicker out of the routing
 * @param forwardTimeout how long a query forwarded to another instance may take before it
 * counts as failed and that instance is suspected
 * @param retryAfter how long a client is told to wait before asking again when the
 * cluster cannot answer (some partition has no live, ready owner)
 */
@Validated
@ConfigurationProperties("candyflow.cluster")
record ClusterProperties(@Pattern(regexp = "https?://\\S+") String advertisedUrl,
		@DefaultValue("candyflow.members") @NotBlank String membersTopic,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 10) Duration heartbeatInterval,
		@DefaultValue("5s") @NotNull Duration memberTimeout,
		@DefaultValue("2s") @NotNull @DurationMin(millis = 1) Duration forwardTimeout,
		@DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration retryAfter) {

	ClusterProperties {
		if (advertisedUrl != null) {
			advertisedUrl = advertisedUrl.strip();
			// paths are appended to it: no doubled slash
			while (advertisedUrl.endsWith("/")) {
				advertisedUrl = advertisedUrl.substring(0, advertisedUrl.length() - 1);
			}
			if (advertisedUrl.isEmpty()) {
				advertisedUrl = null;
			}
		}
		if (heartbeatInterval != null && memberTimeout != null && memberTimeout.compareTo(heartbeatInterval) <= 0) {
			throw new IllegalArgumentException("candyflow.cluster.member-timeout (" + memberTimeout
					+ ") must be longer than candyflow.cluster.heartbeat-interval (" + heartbeatInterval
					+ "): a live instance would expire between two of its heartbeats");
		}
	}

	/**
	 * The URL to advertise: the configured one, or one made of this host's name and the
	 * port the HTTP server listens on.
	 * @param serverPort the port the server actually bound (not {@code 0})
	 * @return the base URL, without a trailing slash
	 * @throws IllegalStateException if none is configured and this host's name cannot be
	 * resolved: falling back to {@code localhost} would have the others forward to
	 * themselves
	 */
	String advertisedUrl(int serverPort) {
		if (this.advertisedUrl != null) {
			return this.advertisedUrl;
		}
		if (serverPort <= 0 || serverPort > 65535) {
			throw new IllegalArgumentException("Not a port the server listens on: " + serverPort);
		}
		try {
			return "http://" + InetAddress.getLocalHost().getHostName() + ":" + serverPort;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(
					"This host's name does not resolve; set candyflow.cluster.advertised-url to the URL at which "
							+ "the other instances reach this one",
					ex);
		}
	}

}
