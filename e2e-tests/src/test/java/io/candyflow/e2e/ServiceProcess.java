package io.candyflow.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * One packaged service running as its own JVM, with its output in a log file under
 * {@code target/}.
 */
final class ServiceProcess implements AutoCloseable {

	static final Path ROOT = Path.of(System.getProperty("candyflow.root", "..")).toAbsolutePath().normalize();

	private final String name;

	private final Process process;

	private final Path log;

	private ServiceProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	private static final String FLIGHT_PORT = "--candyflow.flight.port=";

	private static final Map<String, java.util.concurrent.atomic.AtomicInteger> starts = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * Starts {@code <module>/target/<jar>} with the given arguments (a consumer on a
	 * Flight port of its own, unless they name one).
	 */
	static ServiceProcess start(String module, String jarName, String... args) throws IOException {
		Path jar = ROOT.resolve(module).resolve("target").resolve(jarName);
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build with ./mvnw package first");
		}
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m",
				"--add-opens=java.base/java.nio=org.apache.arrow.memory.core,ALL-UNNAMED"));
		if (Runtime.version().feature() >= 23) {
			// Netty, under Arrow, needs sun.misc.Unsafe allowed there (see ./candyflow)
			command.add("--sun-misc-unsafe-memory-access=allow");
		}
		command.addAll(List.of("-jar", jar.toString()));
		command.addAll(List.of(args));
		if ("consumer-service".equals(module) && Stream.of(args).noneMatch((arg) -> arg.startsWith(FLIGHT_PORT))) {
			// several consumers run at once here: each its own Flight port
			command.add(FLIGHT_PORT + "0");
		}
		return start(module, new ProcessBuilder(command));
	}

	/**
	 * Starts any command as process {@code name}, in {@code directory}, with
	 * {@code environment} added to this JVM's.
	 */
	static ServiceProcess start(String name, Path directory, List<String> command, Map<String, String> environment)
			throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
		builder.environment().putAll(environment);
		return start(name, builder);
	}

	private static ServiceProcess start(String name, ProcessBuilder builder) throws IOException {
		// several processes of one module: a log each
		int started = starts.computeIfAbsent(name, (key) -> new java.util.concurrent.atomic.AtomicInteger())
			.getAndIncrement();
		Path log = Files.createDirectories(Path.of("target", "e2e-logs"))
			.resolve(name + ((started > 0) ? "-" + started : "") + ".log");
		Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new ServiceProcess(name, process, log);
	}

	/**
	 * Waits until the service's readiness probe answers 200.
	 */
	ServiceProcess awaitReady(int port) {
		return awaitProbe(port, "readiness");
	}

	/**
	 * Waits until the service has started: its liveness probe answers 200.
	 */
	ServiceProcess awaitLive(int port) {
		return awaitProbe(port, "liveness");
	}

	/**
	 * The lines of the service's log so far that contain {@code text}.
	 */
	List<String> logLines(String text) throws IOException {
		try (Stream<String> lines = Files.lines(this.log)) {
			return lines.filter((line) -> line.contains(text)).toList();
		}
	}

	private ServiceProcess awaitProbe(int port, String probe) {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited; see " + this.log.toAbsolutePath());
			}
			return Http.status(port, "/actuator/health/" + probe) == 200;
		});
		return this;
	}

	/**
	 * Waits until the process exits, failing if it has not within {@code timeout}.
	 */
	int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException(
					this.name + " still runs after " + timeout + "; see " + this.log.toAbsolutePath());
		}
		return this.process.exitValue();
	}

	/**
	 * Kills the process as a crash would (SIGKILL): no shutdown hook, nothing said.
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

	static String javaExecutable() {
		return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
	}

}
