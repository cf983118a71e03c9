package io.candyflow.e2e;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (Debian's {@code prometheus}; {@code .ci/run} installs it where apt
 * is available) scrapes the stack of {@code ./candyflow up} with the repository's scrape
 * config, and its HTTP API answers for CandyFlow's metrics from both services. Skipped,
 * and reported as skipped, where no {@code prometheus} binary is on the PATH.
 */
class PrometheusIntegrationTests {

	@TempDir
	Path home;

	private Candyflow candyflow;

	private Process prometheus;

	@BeforeEach
	void up() throws Exception {
		Assumptions.assumeTrue(Tools.onPath("prometheus"), "no prometheus on the PATH (apt-get install prometheus)");
		this.candyflow = new Candyflow(this.home);
		Candyflow.Result up = this.candyflow.run("up");
		assertThat(up.exitCode()).as(up.output()).isZero();
	}

	@AfterEach
	void down() throws Exception {
		if (this.prometheus != null) {
			this.prometheus.destroy();
			this.prometheus.waitFor(30, TimeUnit.SECONDS);
		}
		if (this.candyflow != null) {
			this.candyflow.run("down");
		}
	}

	@Test
	void scrapesBothServices() throws Exception {
		int consumer = this.candyflow.consumerPort();
		int producer = this.candyflow.producerPort();
		assertThat(Http.post(producer, "/prices", "{\"candy_id\":\"Scraped\",\"store_id\":\"S\",\"price\":1}")
			.statusCode()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).until(() -> Http.status(consumer, "/cheapest?candy_id=Scraped") == 200);

		// the repository's config, pointed at this test's ports
		String config = Files.readString(Dashboard.SCRAPE_CONFIG)
			.replace("127.0.0.1:8080", "127.0.0.1:" + consumer)
			.replace("127.0.0.1:8081", "127.0.0.1:" + producer);
		Path configFile = Files.writeString(this.home.resolve("prometheus.yml"), config);
		int port = Ports.free();
		this.prometheus = new ProcessBuilder("prometheus", "--config.file=" + configFile,
				"--storage.tsdb.path=" + this.home.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true)
			.redirectOutput(this.home.resolve("prometheus.log").toFile())
			.start();

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			assertThat(query(port, "up{job=\"consumer\"} == 1")).contains("\"job\":\"consumer\"");
			assertThat(query(port, "up{job=\"producer\"} == 1")).contains("\"job\":\"producer\"");
			assertThat(query(port, "candyflow_ingest_records_total")).contains("\"job\":\"consumer\"");
			assertThat(query(port, "candyflow_producer_published_total")).contains("\"job\":\"producer\"");
			assertThat(query(port, "http_server_requests_seconds_bucket{job=\"consumer\"}"))
				.contains("\"job\":\"consumer\"");
			assertThat(query(port, "http_server_requests_seconds_bucket{job=\"producer\"}"))
				.contains("\"job\":\"producer\"");
		});
	}

	private static String query(int port, String promql) {
		return Http.get(port, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body();
	}

}
