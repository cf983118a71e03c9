package io.candyflow.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} and the Dockerfiles against what they describe: the
 * applications' configuration, the monitoring files, and each other. No Docker engine is
 * needed; {@link ComposeBrokerIntegrationTests} runs the same configuration.
 */
class ComposeFileTests {

	private final ComposeFile compose = ComposeFile.load();

	ComposeFileTests() throws IOException {
	}

	@Test
	void dockerComposeAcceptsTheFile() throws Exception {
		Assumptions.assumeTrue(Tools.onPath("docker-compose"),
				"no docker-compose on the PATH (apt-get install docker-compose)");
		Tools.Result result = Tools.run(List.of("docker-compose", "-f", ComposeFile.FILE.toString(), "config", "-q"),
				Map.of());
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void everyServiceWaitedForAsHealthyHasAHealthCheck() throws IOException {
		List<String> waitedFor = new ArrayList<>();
		for (String service : this.compose.services()) {
			this.compose.dependsOn(service).forEach((dependency, condition) -> {
				if (condition.equals("service_healthy")) {
					waitedFor.add(dependency);
				}
			});
		}
		assertThat(waitedFor).isNotEmpty();
		for (String service : waitedFor) {
			assertThat(healthcheck(service)).as("health check of " + service).isNotNull();
		}
	}

	@Test
	void everyLongRunningServiceHasAHealthCheck() throws IOException {
		for (String service : this.compose.services()) {
			boolean oneShot = this.compose.services()
				.stream()
				.anyMatch(
						(other) -> "service_completed_successfully".equals(this.compose.dependsOn(other).get(service)));
			assertThat(oneShot || healthcheck(service) != null).as("health check of " + service).isTrue();
		}
	}

	@Test
	void publishedPortsAreTheApplicationsPorts() throws IOException {
		for (String[] service : new String[][] { { "consumer", "consumer-service" },
				{ "producer", "producer-service" } }) {
			int port = applicationPort(service[1]);
			assertThat(this.compose.ports(service[0])).as(service[0]).containsEntry(port, port);
			Dockerfile dockerfile = Dockerfile.load(this.compose.dockerfile(service[0]));
			assertThat(dockerfile.environment()).as(service[1] + "/Dockerfile").containsEntry("SERVER_PORT", "" + port);
		}
		// the consumer's Arrow Flight SQL, candyflow.flight.port's default, set in its
		// image
		assertThat(this.compose.ports("consumer")).containsEntry(8815, 8815);
		assertThat(Dockerfile.load(this.compose.dockerfile("consumer")).environment())
			.containsEntry("CANDYFLOW_FLIGHT_PORT", "8815");
		assertThat(this.compose.ports("prometheus")).containsEntry(9090, 9090);
		assertThat(this.compose.ports("grafana")).containsEntry(3000, 3000);
	}

	@Test
	void prometheusScrapesTheServicesByNameWithTheJobsOfTheDashboard() throws IOException {
		Path config = this.compose.bindMounts("prometheus").get("/etc/prometheus/prometheus.yml");
		assertThat(config).isNotNull();
		Map<String, String> targets = scrapeTargets(config);
		assertThat(targets).containsOnlyKeys(scrapeTargets(Dashboard.SCRAPE_CONFIG).keySet())
			.containsEntry("consumer", "consumer:" + applicationPort("consumer-service"))
			.containsEntry("producer", "producer:" + applicationPort("producer-service"));
	}

	@Test
	void grafanaIsProvisionedWithTheDashboardAndThePrometheusOfThisFile() throws IOException {
		Map<String, Path> mounts = this.compose.bindMounts("grafana");
		Path provisioning = mounts.get("/etc/grafana/provisioning");
		assertThat(provisioning).isEqualTo(ServiceProcess.ROOT.resolve("monitoring/grafana/provisioning"));
		Map<String, Object> dashboards = ComposeFile.read(provisioning.resolve("dashboards/candyflow.yml"));
		String dashboardPath = (String) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) dashboards.get("providers")).get(0))
			.get("options")).get("path");
		assertThat(mounts.get(dashboardPath)).isEqualTo(Dashboard.DASHBOARD.getParent());
		Map<String, Object> datasources = ComposeFile.read(provisioning.resolve("datasources/prometheus.yml"));
		URI url = URI.create((String) ((Map<?, ?>) ((List<?>) datasources.get("datasources")).get(0)).get("url"));
		assertThat(this.compose.services()).contains(url.getHost());
		assertThat(this.compose.ports(url.getHost())).containsValue(url.getPort());
	}

	@Test
	void topicsAreTheOnesTheApplicationsUse() throws IOException {
		String topic = defaultOf("topic-init", "candyflow.topics.name");
		assertThat(this.compose.environment("topic-init")).containsEntry("CANDYFLOW_TOPICS_NAME", topic);
		assertThat(this.compose.environment("consumer")).containsEntry("CANDYFLOW_INGEST_TOPIC", topic);
		assertThat(this.compose.environment("producer")).containsEntry("CANDYFLOW_PUBLISH_TOPIC", topic);
		assertThat(defaultOf("consumer-service", "candyflow.ingest.topic")).isEqualTo(topic);
		assertThat(defaultOf("producer-service", "candyflow.publish.topic")).isEqualTo(topic);
		// the dead-letter topic topic-init creates is the one the consumer writes to
		assertThat(defaultOf("consumer-service", "candyflow.ingest.dead-letter-suffix"))
			.isEqualTo(defaultOf("topic-init", "candyflow.topics.dead-letter-suffix"));
	}

	@Test
	void servicesReachKafkaThroughAListenerItAdvertises() {
		Map<String, String> kafka = this.compose.environment("kafka");
		List<String> advertised = hostPorts(kafka.get("KAFKA_ADVERTISED_LISTENERS"));
		String internal = advertised.stream()
			.filter((hostPort) -> hostPort.startsWith("kafka:"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no listener advertised to the other containers: " + advertised));
		// the advertised port is one the broker listens on
		assertThat(hostPorts(kafka.get("KAFKA_LISTENERS"))).contains("0.0.0.0:" + internal.split(":")[1]);
		assertThat(this.compose.ports("kafka").keySet())
			.allSatisfy((port) -> assertThat(advertised).as("published port %d is advertised to the host", port)
				.contains("localhost:" + port));
		for (String service : List.of("topic-init", "consumer", "producer")) {
			assertThat(this.compose.environment(service)).as(service)
				.containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", internal);
		}
		assertThat(this.compose.healthcheck("kafka")).containsSubsequence("--bootstrap-server", internal);
		assertThat(kafka.get("KAFKA_ZOOKEEPER_CONNECT"))
			.isEqualTo("zookeeper:" + this.compose.environment("zookeeper").get("ZOOKEEPER_CLIENT_PORT"));
	}

	@Test
	void theConsumerImageOpensJavaNioToArrow() throws IOException {
		Matcher property = Pattern.compile("<arrow.add-opens>([^<]+)</arrow.add-opens>")
			.matcher(Files.readString(ServiceProcess.ROOT.resolve("pom.xml")));
		assertThat(property.find()).isTrue();
		assertThat(Dockerfile.load(this.compose.dockerfile("consumer")).entrypoint()).contains(property.group(1));
	}

	@Test
	void imagesRunAsAnUnprivilegedUserOnTheJre() throws IOException {
		for (String service : List.of("topic-init", "consumer", "producer")) {
			Dockerfile dockerfile = Dockerfile.load(this.compose.dockerfile(service));
			assertThat(dockerfile.user()).as(service).isNotNull().isNotIn("root", "0");
			assertThat(dockerfile.from()).as(service).startsWith("eclipse-temurin:17-jre");
			assertThat(dockerfile.entrypoint()).as(service).containsSubsequence("-jar", "application.jar");
		}
	}

	@Test
	void dependabotWatchesEveryDockerfileAndBuild() throws IOException {
		Map<String, Object> dependabot = ComposeFile.read(ServiceProcess.ROOT.resolve(".github/dependabot.yml"));
		List<String> watched = new ArrayList<>();
		for (Object update : (List<?>) dependabot.get("updates")) {
			Map<?, ?> entry = (Map<?, ?>) update;
			watched.add(entry.get("package-ecosystem") + " " + entry.get("directory"));
		}
		List<String> expected = new ArrayList<>(List.of("maven /", "github-actions /"));
		try (Stream<Path> files = Files.list(ServiceProcess.ROOT)) {
			files.filter((dir) -> Files.isRegularFile(dir.resolve("Dockerfile")))
				.forEach((dir) -> expected.add("docker /" + dir.getFileName()));
		}
		assertThat(expected).contains("docker /consumer-service", "docker /producer-service", "docker /topic-init");
		assertThat(watched).containsExactlyInAnyOrderElementsOf(expected);
	}

	private List<String> healthcheck(String service) throws IOException {
		List<String> healthcheck = this.compose.healthcheck(service);
		Path dockerfile = this.compose.dockerfile(service);
		if (healthcheck == null && dockerfile != null) {
			healthcheck = Dockerfile.load(dockerfile).healthcheck();
		}
		return healthcheck;
	}

	private static int applicationPort(String module) throws IOException {
		Map<String, Object> yaml = ComposeFile
			.read(ServiceProcess.ROOT.resolve(module).resolve("src/main/resources/application.yml"));
		return (Integer) ((Map<?, ?>) yaml.get("server")).get("port");
	}

	/**
	 * A property's default, from the configuration metadata the build generates from the
	 * application's {@code @ConfigurationProperties}.
	 */
	private static String defaultOf(String module, String property) throws IOException {
		Map<String, Object> metadata = ComposeFile.read(ServiceProcess.ROOT.resolve(module)
			.resolve("target/classes/META-INF/spring-configuration-metadata.json"));
		for (Object entry : (List<?>) metadata.get("properties")) {
			Map<?, ?> map = (Map<?, ?>) entry;
			if (property.equals(map.get("name"))) {
				return String.valueOf(map.get("defaultValue"));
			}
		}
		throw new AssertionError(property + " is not a property of " + module);
	}

	private static Map<String, String> scrapeTargets(Path config) throws IOException {
		Map<String, Object> yaml = ComposeFile.read(config);
		Map<String, String> targets = new java.util.TreeMap<>();
		for (Object job : (List<?>) yaml.get("scrape_configs")) {
			Map<?, ?> map = (Map<?, ?>) job;
			Map<?, ?> staticConfig = (Map<?, ?>) ((List<?>) map.get("static_configs")).get(0);
			targets.put((String) map.get("job_name"), (String) ((List<?>) staticConfig.get("targets")).get(0));
		}
		return targets;
	}

	private static List<String> hostPorts(String listeners) {
		List<String> hostPorts = new ArrayList<>();
		for (String listener : listeners.split(",")) {
			hostPorts.add(listener.substring(listener.indexOf("://") + 3));
		}
		return hostPorts;
	}

}
