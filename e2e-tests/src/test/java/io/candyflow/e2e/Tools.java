package io.candyflow.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Command-line tools some tests use where they are installed ({@code .ci/run} installs
 * them); the tests that need one are skipped, and reported so, where it is missing.
 */
final class Tools {

	private Tools() {
	}

	static boolean onPath(String command) {
		return find(command) != null;
	}

	/**
	 * The tool's path: on the PATH, else in {@code .ci/node_modules/.bin} (npm tools).
	 */
	static Path find(String command) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
				return Path.of(dir, command);
			}
		}
		Path npm = ServiceProcess.ROOT.resolve(".ci/node_modules/.bin").resolve(command);
		return Files.isExecutable(npm) ? npm : null;
	}

	/**
	 * A k6 binary: {@code K6}, else {@code k6} on the PATH, else the development
	 * machines' build of k6 v0.48.0 next to the checkout ({@code ../shared/tools/k6}).
	 * @return its path, or {@code null} if there is none
	 */
	static Path k6() {
		String configured = System.getenv("K6");
		if (configured != null && Files.isExecutable(Path.of(configured))) {
			return Path.of(configured);
		}
		Path onPath = find("k6");
		if (onPath != null) {
			return onPath;
		}
		Path shared = ServiceProcess.ROOT.resolveSibling("shared").resolve("tools/k6");
		return Files.isExecutable(shared) ? shared : null;
	}

	/**
	 * Runs a command to its end (within two minutes) and returns its exit code and
	 * output.
	 */
	static Result run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.directory(ServiceProcess.ROOT.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		process.getOutputStream().close();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(2, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException(command + " did not end within 2 minutes");
		}
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	record Result(int exitCode, String output) {
	}

}
