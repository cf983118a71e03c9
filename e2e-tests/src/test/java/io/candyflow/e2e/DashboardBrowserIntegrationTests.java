package io.candyflow.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in headless Chromium against {@code ./candyflow up --simulate 50}:
 * {@code e2e-tests/browser/dashboard.mjs} (playwright-core driving Debian's
 * {@code chromium}) loads the page, posts a cheaper price, expects it in the table within
 * 2 s, checks a phone-width window and saves screenshots in {@code target/}. Skipped, and
 * reported so, where Chromium, Node or the script's {@code node_modules} are missing
 * ({@code .ci/run} installs them where it can).
 */
class DashboardBrowserIntegrationTests {

	private static final Path BROWSER_TESTS = ServiceProcess.ROOT.resolve("e2e-tests/browser");

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	@TempDir
	Path home;

	private Candyflow candyflow;

	@BeforeEach
	void up() throws Exception {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + " (apt-get install chromium)");
		Assumptions.assumeTrue(Files.isDirectory(BROWSER_TESTS.resolve("node_modules/playwright-core")),
				"no playwright-core in " + BROWSER_TESTS + " (npm ci there)");
		Assumptions.assumeTrue(nodeRuns(), "no node on the PATH");
		this.candyflow = new Candyflow(this.home);
		Candyflow.Result up = this.candyflow.run("up", "--simulate", "50");
		assertThat(up.exitCode()).as(up.output()).isZero();
	}

	private static boolean nodeRuns() {
		try {
			Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
			node.getInputStream().readAllBytes();
			return node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0;
		}
		catch (java.io.IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@AfterEach
	void down() throws Exception {
		if (this.candyflow != null) {
			this.candyflow.run("down");
		}
	}

	@Test
	void showsACheaperPriceWithinTwoSecondsOnAWideAndANarrowScreen() throws Exception {
		Path screenshot = ServiceProcess.ROOT.resolve("e2e-tests/target/dashboard.png");
		Process node = new ProcessBuilder("node", "dashboard.mjs", "--consumer",
				"http://127.0.0.1:" + this.candyflow.consumerPort(), "--producer",
				"http://127.0.0.1:" + this.candyflow.producerPort(), "--screenshot", screenshot.toString(),
				"--chromium", CHROMIUM.toString())
			.directory(BROWSER_TESTS.toFile())
			.redirectErrorStream(true)
			.start();
		node.getOutputStream().close();
		String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		boolean exited = node.waitFor(2, TimeUnit.MINUTES);
		if (!exited) {
			node.destroyForcibly();
		}
		// the script's report (time to visible among it) in the test output
		System.out.print(output);
		assertThat(exited && node.exitValue() == 0).as("node dashboard.mjs:%n%s", output).isTrue();
		assertThat(output).contains("dashboard: passed");
		assertThat(screenshot).isNotEmptyFile();

		// the page was a client of the stream, counted in the metrics
		assertThat(Http.get(this.candyflow.consumerPort(), "/actuator/prometheus").body())
			.contains("candyflow_stream_clients{")
			.contains("candyflow_stream_dropped_total{");
	}

}
