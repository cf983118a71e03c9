package io.candyflow.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark harness in its smoke mode, so that it cannot rot: every scenario runs for
 * a few seconds against a real stack and lands in the report. The figures are not judged
 * here; {@code bench/run} without {@code --smoke} is the benchmark. Skipped, and reported
 * as skipped, without wrk, nginx and gnuplot ({@code .ci/run} installs them where it
 * can).
 */
class BenchSmokeIntegrationTests {

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G' };

	@TempDir
	Path home;

	@Test
	void runsEveryScenarioAndWritesTheReport() throws Exception {
		for (String tool : List.of("wrk", "nginx", "gnuplot", "curl")) {
			Assumptions.assumeTrue(Tools.onPath(tool), "no " + tool + " on the PATH (see .ci/run)");
		}
		int consumer = Ports.free();
		int kafka = Ports.freePair();
		ProcessBuilder builder = new ProcessBuilder("bash", ServiceProcess.ROOT.resolve("bench/run").toString(),
				"--smoke")
			.redirectErrorStream(true)
			.redirectOutput(this.home.resolve("bench.log").toFile());
		Map<String, String> env = builder.environment();
		env.put("BENCH_HOME", this.home.resolve("stack").toString());
		env.put("BENCH_CONSUMER_PORT", Integer.toString(consumer));
		env.put("BENCH_PRODUCER_PORT", Integer.toString(Ports.free()));
		env.put("BENCH_KAFKA_PORT", Integer.toString(kafka));
		env.put("BENCH_REPLICA_PORT", Integer.toString(Ports.free()));
		env.put("BENCH_NGINX_PORT", Integer.toString(Ports.free()));
		env.put("JAVA_HOME", System.getProperty("java.home"));
		Path k6 = Tools.k6();
		if (k6 != null) {
			env.put("K6", k6.toString());
		}
		Process process = builder.start();
		boolean finished = process.waitFor(8, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		String log = Files.readString(this.home.resolve("bench.log"));
		assertThat(finished).as(log).isTrue();
		assertThat(process.exitValue()).as(log).isZero();

		Path report = this.home.resolve("stack/report");
		String doc = Files.readString(report.resolve("benchmarks.md"), StandardCharsets.UTF_8);
		assertThat(doc).contains("<!-- bench/run:begin", "<!-- bench/run:end -->",
				"p99 vs a constant endpoint of the same server", "p99 vs nginx serving the same bytes",
				"maximum throughput vs nginx", "`k6/cheapest.js` (real k6", "vs Kafka's ConsumerPerformance",
				"history memory", "freshness p99", "`/cheapest` p99 at", "<!-- bench/run:soak:begin", "Verdict: ");
		String summary = doc.substring(doc.indexOf("| target"), doc.indexOf("### 1."));
		if (k6 == null) {
			// the k6 rows say why they have no figures
			assertThat(summary).contains("skipped: no k6");
			summary = summary.lines()
				.filter((line) -> !line.contains("k6") && !line.contains("skipped"))
				.toList()
				.toString();
		}
		assertThat(summary).as("every scenario measured something").doesNotContain("n/a", "nan", "NaN");
		for (String chart : List.of("fixed-rate.png", "max-throughput.png", "ingest.png", "soak.png")) {
			assertThat(header(report.resolve("bench").resolve(chart))).as(chart).isEqualTo(PNG);
		}
		// the stack is gone: its consumer's port is free again
		assertThat(Ports.isFree(consumer)).isTrue();
		assertThat(Ports.isFree(kafka)).isTrue();
	}

	private static byte[] header(Path file) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		return java.util.Arrays.copyOf(bytes, 4);
	}

}
