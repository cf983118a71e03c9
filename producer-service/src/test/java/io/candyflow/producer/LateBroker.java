package io.candyflow.producer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * A real (embedded, KRaft) broker that a test starts when it wants, reachable at an
 * address chosen before the producer's context starts, so that the producer is pointed at
 * it while nothing listens there yet. Topics are never created automatically, as in
 * production.
 * <p>
 * The KRaft test broker cannot listen on a chosen port (spring-kafka#2916), so the chosen
 * port is a bootstrap relay: it forwards bytes to the broker, whose metadata then sends
 * clients to the broker's own port. Both exist only while the broker runs.
 * <p>
 * Register it as a static {@code @RegisterExtension}: it stops the broker after the
 * class's tests.
 */
public final class LateBroker implements AfterAllCallback {

	private final int port;

	private EmbeddedKafkaKraftBroker broker;

	private ServerSocket relay;

	public LateBroker() {
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Where the broker is reached, once started.
	 * @return {@code host:port} for {@code spring.kafka.bootstrap-servers}
	 */
	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/**
	 * Starts the broker and makes it reachable at {@link #bootstrapServers()}.
	 * @param topics topics to create with 3 partitions
	 */
	public void start(String... topics) {
		EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 3, topics);
		started.brokerProperties(Map.of("auto.create.topics.enable", "false"));
		// Not the default property, which @EmbeddedKafka tests of the same JVM read.
		started.brokerListProperty("candyflow.test.late-broker");
		started.afterPropertiesSet();
		this.broker = started;
		String brokers = started.getBrokersAsString();
		int brokerPort = Integer.parseInt(brokers.substring(brokers.lastIndexOf(':') + 1));
		try {
			this.relay = new ServerSocket(this.port, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ServerSocket listening = this.relay;
		daemon("late-broker-relay", () -> relay(listening, brokerPort));
	}

	private static void relay(ServerSocket relay, int brokerPort) {
		while (!relay.isClosed()) {
			try {
				Socket client = relay.accept();
				try {
					Socket server = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
					pump(client, server);
					pump(server, client);
				}
				catch (IOException ex) {
					closeQuietly(client);
				}
			}
			catch (IOException ex) {
				// closed by stop(), or the broker is gone: the client sees a closed
				// connection, as with a broker that went away
			}
		}
	}

	private static void pump(Socket from, Socket to) {
		daemon("late-broker-pump", () -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		});
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing to do
		}
	}

	/**
	 * Reads a topic from the beginning with a real consumer.
	 * @param bootstrapServers the broker
	 * @param topic the topic
	 * @param atLeast how many records to wait for
	 * @return its records as {@code key=value}
	 */
	public static List<String> read(String bootstrapServers, String topic, int atLeast) {
		try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
				KafkaTestUtils.consumerProps(bootstrapServers, "read-back", false), new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			consumer.subscribe(List.of(topic));
			ConsumerRecords<String, byte[]> records = KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(10),
					atLeast);
			return StreamSupport.stream(records.spliterator(), false)
				.map((record) -> record.key() + "=" + new String(record.value(), StandardCharsets.UTF_8))
				.toList();
		}
	}

	/**
	 * Stops the broker and its relay, as an outage would.
	 */
	public void stop() {
		if (this.relay != null) {
			closeQuietly(this.relay);
			this.relay = null;
		}
		if (this.broker != null) {
			this.broker.destroy();
			this.broker = null;
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
	}

}
