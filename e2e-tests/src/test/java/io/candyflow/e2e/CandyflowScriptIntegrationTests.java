package io.candyflow.e2e;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./candyflow up} and {@code down} on a fresh state directory and free ports: the
 * whole stack, a real Kafka broker included, as a user starts it.
 */
class CandyflowScriptIntegrationTests {

	@TempDir
	Path home;

	private Candyflow candyflow;

	@BeforeEach
	void choosePorts() {
		this.candyflow = new Candyflow(this.home);
	}

	@AfterEach
	void alwaysDown() throws Exception {
		this.candyflow.run("down");
	}

	@Test
	void upStartsAWorkingStackAndDownLeavesNothingBehind() throws Exception {
		Candyflow.Result up = this.candyflow.run("up");
		assertThat(up.exitCode()).as(up.output()).isZero();
		assertThat(up.output()).contains("up: consumer http://127.0.0.1:" + this.candyflow.consumerPort())
			.contains("dashboard: http://127.0.0.1:" + this.candyflow.consumerPort() + "/")
			.contains("Arrow Flight SQL: grpc://127.0.0.1:" + this.candyflow.flightPort())
			.contains(flightUrl(this.candyflow.flightPort()));
		List<Long> pids = this.candyflow.pids();
		assertThat(pids).hasSize(3);
		assertThat(Files.exists(this.home.resolve("kafka/data/meta.properties"))).isTrue();

		Candyflow.Result status = this.candyflow.run("status");
		assertThat(status.exitCode()).as(status.output()).isZero();
		assertThat(status.output()).contains("consumer   running").contains("ready");

		assertThat(Http
			.post(this.candyflow.producerPort(), "/prices",
					"{\"candy_id\":\"Gum\",\"store_id\":\"Kiosk\",\"price\":0.99,\"timestamp\":1700000000}")
			.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(Http.get(this.candyflow.consumerPort(), "/cheapest?candy_id=Gum").body())
				.isEqualTo("{\"candy_id\":\"Gum\",\"store_id\":\"Kiosk\",\"price\":0.99,\"timestamp\":1700000000}"));

		assertThat(flightSql(this.candyflow.flightPort(), "SELECT store_id, price FROM offers WHERE candy_id = 'Gum'"))
			.isEqualTo("Kiosk 0.99");

		assertThat(this.candyflow.run("up").output()).contains("already up");

		// one more consumer replica, started next to the running stack, with the full
		// view
		Candyflow.Result replicas = this.candyflow.run("up", "--replicas", "2");
		assertThat(replicas.exitCode()).as(replicas.output()).isZero();
		assertThat(replicas.output()).contains("starting consumer-2").doesNotContain("starting Kafka");
		pids = this.candyflow.pids();
		assertThat(pids).hasSize(4);
		assertThat(Http.get(this.candyflow.replicaPort(), "/cheapest?candy_id=Gum").body())
			.isEqualTo(Http.get(this.candyflow.consumerPort(), "/cheapest?candy_id=Gum").body());
		// the replica's Flight SQL on the next port
		assertThat(replicas.output()).contains("grpc://127.0.0.1:" + (this.candyflow.flightPort() + 1));
		assertThat(flightSql(this.candyflow.flightPort() + 1, "SELECT count(*) FROM history")).isEqualTo("1");

		Candyflow.Result down = this.candyflow.run("down");
		assertThat(down.exitCode()).as(down.output()).isZero();
		assertThat(pids)
			.allSatisfy((pid) -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d", pid)
				.isEmpty());
		assertThat(Ports.isFree(this.candyflow.kafkaPort()) && Ports.isFree(this.candyflow.consumerPort())
				&& Ports.isFree(this.candyflow.producerPort()))
			.isTrue();
		assertThat(this.candyflow.run("status").exitCode()).isNotZero();
		// down keeps Kafka's data; --wipe removes it
		assertThat(Files.exists(this.home.resolve("kafka/data/meta.properties"))).isTrue();
		this.candyflow.run("down", "--wipe");
		assertThat(Files.exists(this.home.resolve("kafka"))).isFalse();
	}

	@Test
	void upRefusesATakenPortWithAClearMessageAndStartsNothing() throws Exception {
		try (ServerSocket taken = new ServerSocket(this.candyflow.consumerPort(), 50,
				java.net.InetAddress.getLoopbackAddress())) {
			Candyflow.Result up = this.candyflow.run("up");
			assertThat(up.exitCode()).isNotZero();
			assertThat(up.output()).contains("port " + this.candyflow.consumerPort() + " is already in use")
				.contains("CANDYFLOW_CONSUMER_PORT");
		}
		assertThat(this.candyflow.pids()).isEmpty();
	}

	@Test
	void upRefusesATakenFlightPortWithAClearMessageAndStartsNothing() throws Exception {
		try (ServerSocket taken = new ServerSocket(this.candyflow.flightPort(), 50,
				java.net.InetAddress.getLoopbackAddress())) {
			Candyflow.Result up = this.candyflow.run("up");
			assertThat(up.exitCode()).isNotZero();
			assertThat(up.output()).contains("port " + this.candyflow.flightPort())
				.contains("Arrow Flight is already in use")
				.contains("CANDYFLOW_FLIGHT_PORT")
				.doesNotContain("starting");
		}
		assertThat(this.candyflow.pids()).isEmpty();
	}

	@Test
	void upRefusesATakenKafkaPortWithAClearMessageAndLeavesNothingRunning() throws Exception {
		try (ServerSocket taken = new ServerSocket(this.candyflow.kafkaPort(), 50, InetAddress.getLoopbackAddress())) {
			Candyflow.Result up = this.candyflow.run("up");
			assertThat(up.exitCode()).as(up.output()).isNotZero();
			assertThat(up.output()).contains("port " + this.candyflow.kafkaPort() + " is already in use")
				.contains("CANDYFLOW_KAFKA_PORT")
				.doesNotContain("starting");
		}
		assertNothingRunning();
	}

	@Test
	void upStopsWhatItStartedAndSaysWhyWhenKafkaCannotListen() throws Exception {
		int kafka = this.candyflow.kafkaPort();
		for (int port : new int[] { kafka, kafka + 1 }) {
			// Bound but not listening: up's check (a connect) finds the port free and
			// Kafka's bind fails, as when a program takes the port after the check.
			try (Socket holder = new Socket()) {
				holder.setReuseAddress(false);
				holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
				Candyflow.Result up = this.candyflow.run("up");
				assertThat(up.exitCode()).as(up.output()).isNotZero();
				assertThat(up.output()).as(up.output())
					.contains("starting Kafka")
					.contains("kafka could not start: port " + port + " is already in use")
					.contains((port == kafka) ? "CANDYFLOW_KAFKA_PORT" : "CANDYFLOW_CONTROLLER_PORT")
					.contains("what this run started was stopped")
					.doesNotContain("starting consumer", "starting the producer");
			}
			assertNothingRunning();
		}
	}

	private static String flightUrl(int port) {
		return "jdbc:arrow-flight-sql://127.0.0.1:" + port + "/?useEncryption=false";
	}

	/**
	 * The rows of a query through the Arrow Flight SQL JDBC driver, values joined by a
	 * space, rows by a newline.
	 */
	private static String flightSql(int port, String sql) throws Exception {
		try (java.sql.Connection connection = java.sql.DriverManager.getConnection(flightUrl(port));
				java.sql.Statement statement = connection.createStatement();
				java.sql.ResultSet result = statement.executeQuery(sql)) {
			List<String> rows = new java.util.ArrayList<>();
			int columns = result.getMetaData().getColumnCount();
			while (result.next()) {
				List<String> values = new java.util.ArrayList<>();
				for (int i = 1; i <= columns; i++) {
					values.add(result.getString(i));
				}
				rows.add(String.join(" ", values));
			}
			return String.join("\n", rows);
		}
	}

	/**
	 * No pid file, no process of this stack, every port free.
	 */
	private void assertNothingRunning() throws Exception {
		assertThat(this.candyflow.pids()).isEmpty();
		Path run = this.home.resolve("run");
		if (Files.isDirectory(run)) {
			try (Stream<Path> files = Files.list(run)) {
				assertThat(files.filter((file) -> file.toString().endsWith(".pid"))).isEmpty();
			}
		}
		String home = this.home.toString();
		String consumer = "--server.port=" + this.candyflow.consumerPort();
		String producer = "--server.port=" + this.candyflow.producerPort();
		assertThat(ProcessHandle.allProcesses()
			.filter(ProcessHandle::isAlive)
			.map((process) -> process.info().commandLine().orElse(""))
			.filter((command) -> command.contains(home) || command.contains(consumer) || command.contains(producer)))
			.isEmpty();
		int kafka = this.candyflow.kafkaPort();
		assertThat(List.of(kafka, kafka + 1, this.candyflow.consumerPort(), this.candyflow.producerPort()))
			.allSatisfy((port) -> assertThat(Ports.isFree(port)).as("port %d free", port).isTrue());
	}

	@Test
	void aConsumerStartedBeforeTheBrokerBecomesReadyOnceUpBringsKafka() throws Exception {
		int port = Ports.free();
		// started by hand, before anything: no broker on the port it is given
		try (ServiceProcess consumer = ServiceProcess.start("consumer-service", "consumer-service-exec.jar",
				"--server.port=" + port, "--spring.kafka.bootstrap-servers=127.0.0.1:" + this.candyflow.kafkaPort())) {
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.until(() -> Http.get(port, "/actuator/health/liveness").statusCode() == 200);
			assertThat(Http.get(port, "/actuator/health/readiness").statusCode()).isEqualTo(503);
			assertThat(Http.get(port, "/stats").statusCode()).isEqualTo(200);

			Candyflow.Result up = this.candyflow.run("up");
			assertThat(up.exitCode()).as(up.output()).isZero();
			assertThat(Http
				.post(this.candyflow.producerPort(), "/prices",
						"{\"candy_id\":\"Early\",\"store_id\":\"Kiosk\",\"price\":1.25,\"timestamp\":1700000000}")
				.statusCode()).isEqualTo(202);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> Http.get(port, "/actuator/health/readiness").statusCode() == 200);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(Http.get(port, "/cheapest?candy_id=Early").body()).contains("\"price\":1.25"));
			assertThat(consumer.isAlive()).isTrue();
		}
	}

}
