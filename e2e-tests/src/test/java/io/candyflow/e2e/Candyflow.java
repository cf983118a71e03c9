package io.candyflow.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./candyflow} on a state directory of its own and free ports, as a user
 * would.
 */
final class Candyflow {

	private final Path home;

	private final int kafkaPort = Ports.freePair();

	private final int consumerPort = Ports.free();

	private final int producerPort = Ports.free();

	private final int replicaPort = Ports.free();

	/** The consumer's Flight port; a replica's is the next one. */
	private final int flightPort = Ports.freePair();

	Candyflow(Path home) {
		this.home = home;
	}

	int kafkaPort() {
		return this.kafkaPort;
	}

	int consumerPort() {
		return this.consumerPort;
	}

	int producerPort() {
		return this.producerPort;
	}

	int flightPort() {
		return this.flightPort;
	}

	/** The port of the first extra consumer replica ({@code consumer-2}). */
	int replicaPort() {
		return this.replicaPort;
	}

	Result run(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("bash", ServiceProcess.ROOT.resolve("candyflow").toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Map<String, String> env = builder.environment();
		env.put("CANDYFLOW_HOME", this.home.toString());
		env.put("CANDYFLOW_KAFKA_PORT", Integer.toString(this.kafkaPort));
		env.put("CANDYFLOW_CONSUMER_PORT", Integer.toString(this.consumerPort));
		env.put("CANDYFLOW_PRODUCER_PORT", Integer.toString(this.producerPort));
		env.put("CANDYFLOW_REPLICA_PORT", Integer.toString(this.replicaPort));
		env.put("CANDYFLOW_FLIGHT_PORT", Integer.toString(this.flightPort));
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

	/**
	 * The pids of the running parts, from the state directory.
	 */
	List<Long> pids() throws IOException {
		Path run = this.home.resolve("run");
		if (!Files.isDirectory(run)) {
			return List.of();
		}
		List<Long> pids = new ArrayList<>();
		try (var files = Files.list(run)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".pid")).toList()) {
				pids.add(Long.parseLong(Files.readString(file).strip()));
			}
		}
		return pids;
	}

	/**
	 * Stops one part behind the script's back, as a crash or an operator would, and waits
	 * for it to be gone.
	 */
	void kill(String part) throws Exception {
		long pid = Long.parseLong(Files.readString(this.home.resolve("run").resolve(part + ".pid")).strip());
		ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
		process.destroy();
		process.onExit().get(60, TimeUnit.SECONDS).pid();
	}

	record Result(int exitCode, String output) {
	}

}
