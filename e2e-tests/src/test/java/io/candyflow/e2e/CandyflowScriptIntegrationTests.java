package io.candyflow.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

	private int kafkaPort;

	private int consumerPort;

	private int producerPort;

	@BeforeEach
	void choosePorts() {
		this.kafkaPort = Ports.freePair();
		this.consumerPort = Ports.free();
		this.producerPort = Ports.free();
	}

	@AfterEach
	void alwaysDown() throws Exception {
		run("down");
	}

	@Test
	void upStartsAWorkingStackAndDownLeavesNothingBehind() throws Exception {
		Result up = run("up");
		assertThat(up.exitCode()).as(up.output()).isZero();
		assertThat(up.output()).contains("up: consumer http://127.0.0.1:" + this.consumerPort);
		List<Long> pids = pids();
		assertThat(pids).hasSize(3);
		assertThat(Files.exists(this.home.resolve("kafka/data/meta.properties"))).isTrue();

		Result status = run("status");
		assertThat(status.exitCode()).as(status.output()).isZero();
		assertThat(status.output()).contains("consumer  running").contains("ready");

		assertThat(Http
			.post(this.producerPort, "/prices",
					"{\"candy_id\":\"Gum\",\"store_id\":\"Kiosk\",\"price\":0.99,\"timestamp\":1700000000}")
			.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(Http.get(this.consumerPort, "/cheapest?candy_id=Gum").body())
				.isEqualTo("{\"candy_id\":\"Gum\",\"store_id\":\"Kiosk\",\"price\":0.99,\"timestamp\":1700000000}"));

		assertThat(run("up").output()).contains("already up");

		Result down = run("down");
		assertThat(down.exitCode()).as(down.output()).isZero();
		assertThat(pids)
			.allSatisfy((pid) -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d", pid)
				.isEmpty());
		assertThat(Ports.isFree(this.kafkaPort) && Ports.isFree(this.consumerPort) && Ports.isFree(this.producerPort))
			.isTrue();
		assertThat(run("status").exitCode()).isNotZero();
		// down keeps Kafka's data; --wipe removes it
		assertThat(Files.exists(this.home.resolve("kafka/data/meta.properties"))).isTrue();
		run("down", "--wipe");
		assertThat(Files.exists(this.home.resolve("kafka"))).isFalse();
	}

	@Test
	void upRefusesATakenPortWithAClearMessageAndStartsNothing() throws Exception {
		try (ServerSocket taken = new ServerSocket(this.consumerPort, 50, java.net.InetAddress.getLoopbackAddress())) {
			Result up = run("up");
			assertThat(up.exitCode()).isNotZero();
			assertThat(up.output()).contains("port " + this.consumerPort + " is already in use")
				.contains("CANDYFLOW_CONSUMER_PORT");
		}
		assertThat(pids()).isEmpty();
	}

	private List<Long> pids() throws IOException {
		Path run = this.home.resolve("run");
		if (!Files.isDirectory(run)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(run)) {
			return files.map((file) -> {
				try {
					return Long.parseLong(Files.readString(file).strip());
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}).toList();
		}
	}

	private Result run(String... args) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>(
				List.of("bash", ServiceProcess.ROOT.resolve("candyflow").toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Map<String, String> env = builder.environment();
		env.put("CANDYFLOW_HOME", this.home.toString());
		env.put("CANDYFLOW_KAFKA_PORT", Integer.toString(this.kafkaPort));
		env.put("CANDYFLOW_CONSUMER_PORT", Integer.toString(this.consumerPort));
		env.put("CANDYFLOW_PRODUCER_PORT", Integer.toString(this.producerPort));
		env.put("CANDYFLOW_START_TIMEOUT", "150");
		env.put("JAVA_HOME", System.getProperty("java.home"));
		Process process = builder.start();
		process.getOutputStream().close();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
		}
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	record Result(int exitCode, String output) {
	}

}
