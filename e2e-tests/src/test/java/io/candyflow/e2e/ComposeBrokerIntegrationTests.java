package io.candyflow.e2e;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code docker-compose.yml} run without Docker: its ZooKeeper and Kafka settings applied
 * to Apache Kafka 3.9 (the broker of Confluent Platform 7.9) in ZooKeeper mode, from the
 * Maven Central jars of {@code local-kafka-zookeeper}, each its own JVM on 127.0.0.1;
 * then topic-init, the consumer and the producer laid out and started as their
 * Dockerfiles do (layers extracted by Spring Boot's jar mode, the image's ENTRYPOINT and
 * ENV, the compose file's environment). Every host:port of the compose file becomes
 * 127.0.0.1 and a free port. On that stack: the health checks of the compose file and the
 * images, the pipeline, and every request the k6 scripts make.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ComposeBrokerIntegrationTests {

	private static final Path KAFKA_LIB = ServiceProcess.ROOT.resolve("local-kafka-zookeeper/target/lib");

	private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.-]+:(\\d+)");

	@TempDir
	static Path home;

	private final ComposeFile compose = ComposeFile.load();

	/** Container port to the free loopback port that stands in for it. */
	private final Map<Integer, Integer> ports = new LinkedHashMap<>();

	private final List<ServiceProcess> processes = new ArrayList<>();

	ComposeBrokerIntegrationTests() throws IOException {
	}

	@BeforeAll
	void up() throws Exception {
		for (int port : List.of(2181, 29092, 9092, 8080, 8081, 8815)) {
			this.ports.put(port, Ports.free());
		}
		startZooKeeper();
		startKafka();
		ServiceProcess topicInit = startImage("topic-init");
		assertThat(topicInit.awaitExit(Duration.ofSeconds(90))).as("topic-init's exit code").isZero();
		startImage("consumer").awaitReady(port(8080));
		startImage("producer").awaitReady(port(8081));
	}

	@AfterAll
	void down() throws InterruptedException {
		for (int i = this.processes.size() - 1; i >= 0; i--) {
			this.processes.get(i).close();
		}
	}

	@Test
	void anUpdatePostedToTheProducerIsAnsweredByTheConsumer() {
		assertThat(Http.post(port(8081), "/prices", """
				[{"candy_id":"Zoo1","store_id":"Store1","price":2.50,"timestamp":1700000000},
				 {"candy_id":"Zoo1","store_id":"Store2","price":1.75,"timestamp":1700000000}]""").body())
			.isEqualTo("{\"accepted\":2}");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(Http.get(port(8080), "/cheapest?candy_id=Zoo1").body())
				.isEqualTo("{\"candy_id\":\"Zoo1\",\"store_id\":\"Store2\",\"price\":1.75,\"timestamp\":1700000000}"));
	}

	@Test
	void composeZooKeeperHealthCheckPassesOnlyWhereZooKeeperAnswers() throws Exception {
		List<String> check = this.compose.healthcheck("zookeeper");
		Map<String, String> environment = rewrite(this.compose.environment("zookeeper"));
		assertThat(runHealthcheck(check, environment)).isZero();
		environment.put("ZOOKEEPER_CLIENT_PORT", Integer.toString(Ports.free()));
		assertThat(runHealthcheck(check, environment)).isNotZero();
	}

	@Test
	void imageHealthChecksPassOnlyWhereTheServiceIsReady() throws Exception {
		for (String service : List.of("consumer", "producer")) {
			List<String> check = Dockerfile.load(this.compose.dockerfile(service)).healthcheck();
			Map<String, String> environment = environment(service);
			assertThat(runHealthcheck(check, environment)).as(service).isZero();
			environment.put("SERVER_PORT", Integer.toString(Ports.free()));
			assertThat(runHealthcheck(check, environment)).as(service + " on a closed port").isNotZero();
		}
	}

	@Test
	void cheapestScriptIsTheOriginalLoadTest() throws Exception {
		Map<String, Object> options = k6("cheapest.js", 1).options();
		Map<?, ?> scenario = (Map<?, ?>) ((Map<?, ?>) options.get("scenarios")).values().iterator().next();
		assertThat(scenario.get("executor")).isEqualTo("ramping-arrival-rate");
		assertThat(scenario.get("startRate")).isEqualTo(1000);
		List<Object> targets = new ArrayList<>();
		((List<?>) scenario.get("stages")).forEach((stage) -> targets.add(((Map<?, ?>) stage).get("target")));
		assertThat(targets).contains(10000);
		Map<Object, Object> thresholds = new LinkedHashMap<>((Map<?, ?>) options.get("thresholds"));
		assertThat(thresholds).containsEntry("http_req_failed", List.of("rate==0"))
			.containsEntry("http_req_duration", List.of("p(95)<1"));
	}

	@Test
	void everyRequestOfTheK6ScriptsIsAnsweredByTheServicesAndDocumentedInTheirApi() throws Exception {
		Map<String, Object> api = new Yaml().load(Http.get(port(8080), "/v3/api-docs").body());
		Map<?, ?> paths = (Map<?, ?>) api.get("paths");
		Set<String> queried = new TreeSet<>();
		// iterations enough for the seeded mix to reach every endpoint
		Map<String, Integer> iterations = Map.of("cheapest.js", 20, "mixed.js", 150, "ingest.js", 3);
		for (String script : List.of("cheapest.js", "mixed.js", "ingest.js")) {
			for (Map<?, ?> request : k6(script, iterations.get(script)).requests()) {
				URI uri = URI.create((String) request.get("url"));
				String where = script + ": " + request.get("method") + " " + uri;
				if ("POST".equals(request.get("method"))) {
					assertThat(uri.getPort()).as(where).isEqualTo(port(8081));
					String body = (String) request.get("body");
					int updates = ((List<?>) new Yaml().load(body)).size();
					assertThat(Http.post(uri.getPort(), uri.getRawPath(), body).body()).as(where)
						.isEqualTo("{\"accepted\":" + updates + "}");
					continue;
				}
				assertThat(uri.getPort()).as(where).isEqualTo(port(8080));
				queried.add(uri.getPath());
				Map<?, ?> operations = (Map<?, ?>) paths.get(uri.getPath());
				assertThat(operations).as(where + " is in the OpenAPI document").isNotNull();
				Map<?, ?> operation = (Map<?, ?>) operations.get("get");
				assertThat(operation).as(where + " is in the OpenAPI document").isNotNull();
				Set<Object> declared = new TreeSet<>();
				Object parameters = operation.get("parameters");
				if (parameters instanceof List<?> list) {
					list.forEach((parameter) -> declared.add(((Map<?, ?>) parameter).get("name")));
				}
				assertThat(declared).as(where).containsAll(parameterNames(uri));
				String path = uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(Http.status(port(8080), path)).as(where).isEqualTo(200));
			}
		}
		assertThat(queried).containsExactlyInAnyOrder("/cheapest", "/offers", "/candies", "/history", "/stats");
	}

	private void startZooKeeper() throws Exception {
		Map<String, String> environment = rewrite(this.compose.environment("zookeeper"));
		Properties config = new Properties();
		environment.forEach((name, value) -> {
			if (name.startsWith("ZOOKEEPER_")) {
				// as Confluent's image does: ZOOKEEPER_CLIENT_PORT is clientPort
				config.setProperty(camelCase(name.substring("ZOOKEEPER_".length())), value);
			}
		});
		config.setProperty("dataDir", home.resolve("zookeeper").toString());
		config.setProperty("clientPortAddress", "127.0.0.1");
		List<String> command = java(environment.getOrDefault("KAFKA_OPTS", ""));
		command.addAll(
				List.of("org.apache.zookeeper.server.quorum.QuorumPeerMain", write("zookeeper.properties", config)));
		start("zookeeper", command, Map.of());
		List<String> check = this.compose.healthcheck("zookeeper");
		await().atMost(Duration.ofSeconds(60)).until(() -> runHealthcheck(check, environment) == 0);
	}

	private void startKafka() throws Exception {
		Properties config = new Properties();
		rewrite(this.compose.environment("kafka")).forEach((name, value) -> {
			if (name.startsWith("KAFKA_") && !name.equals("KAFKA_OPTS")) {
				// as Confluent's image does: KAFKA_ZOOKEEPER_CONNECT is zookeeper.connect
				config.setProperty(name.substring("KAFKA_".length()).toLowerCase().replace('_', '.'), value);
			}
		});
		config.setProperty("log.dirs", home.resolve("kafka").toString());
		List<String> command = java("-Xmx512m");
		command.addAll(List.of("kafka.Kafka", write("server.properties", config)));
		start("kafka", command, Map.of());
		await().atMost(Duration.ofSeconds(60)).until(() -> !Ports.isFree(port(29092)));
	}

	/**
	 * Lays out the service as its image does (layers extracted by the Dockerfile's
	 * command, copied in the Dockerfile's order) and starts its ENTRYPOINT there.
	 */
	private ServiceProcess startImage(String service) throws Exception {
		Dockerfile dockerfile = Dockerfile.load(this.compose.dockerfile(service));
		Matcher extract = Pattern.compile("java -Djarmode=tools -jar (\\S+) extract (.*)$")
			.matcher(dockerfile.instructionContaining("-Djarmode=tools"));
		assertThat(extract.find()).isTrue();
		Path extracted = home.resolve(service + "-layers");
		List<String> command = new ArrayList<>(List.of(ServiceProcess.javaExecutable(), "-Djarmode=tools", "-jar",
				ServiceProcess.ROOT.resolve(extract.group(1)).toString(), "extract"));
		for (String argument : extract.group(2).split("\\s+")) {
			command.add(argument.equals("/extracted") ? extracted.toString() : argument);
		}
		assertThat(Tools.run(command, Map.of()).exitCode()).as("layer extraction of " + service).isZero();
		Path app = Files.createDirectories(home.resolve(service));
		for (String layer : dockerfile.copiedFromBuild()) {
			copyTree(extracted.resolve(layer.replaceFirst("^/extracted/", "")), app);
		}
		List<String> entrypoint = new ArrayList<>(dockerfile.entrypoint());
		assertThat(entrypoint.get(0)).isEqualTo("java");
		entrypoint.set(0, ServiceProcess.javaExecutable());
		return start(service, entrypoint, environment(service), app);
	}

	/**
	 * The image's ENV and then the compose file's, with hosts and ports rewritten.
	 */
	private Map<String, String> environment(String service) throws IOException {
		Map<String, String> environment = new LinkedHashMap<>(
				Dockerfile.load(this.compose.dockerfile(service)).environment());
		environment.putAll(this.compose.environment(service));
		return rewrite(environment);
	}

	private Map<String, String> rewrite(Map<String, String> environment) {
		Map<String, String> rewritten = new LinkedHashMap<>();
		environment.forEach((name, value) -> rewritten.put(name, rewrite(value)));
		return rewritten;
	}

	private String rewrite(String value) {
		if (value.matches("\\d+") && this.ports.containsKey(Integer.parseInt(value))) {
			return Integer.toString(port(Integer.parseInt(value)));
		}
		Matcher hostPort = HOST_PORT.matcher(value);
		StringBuilder result = new StringBuilder();
		while (hostPort.find()) {
			int port = Integer.parseInt(hostPort.group(1));
			String replacement = this.ports.containsKey(port) ? "127.0.0.1:" + port(port) : hostPort.group();
			hostPort.appendReplacement(result, Matcher.quoteReplacement(replacement));
		}
		return hostPort.appendTail(result).toString();
	}

	private int port(int containerPort) {
		return this.ports.get(containerPort);
	}

	/**
	 * Runs a health check as Docker would: {@code CMD} execs the rest, {@code CMD-SHELL}
	 * runs it with {@code sh -c}; compose's {@code $$} is a literal {@code $}.
	 */
	private static int runHealthcheck(List<String> check, Map<String, String> environment) throws Exception {
		List<String> command = new ArrayList<>();
		if (check.get(0).equals("CMD-SHELL")) {
			command.addAll(List.of("sh", "-c"));
		}
		check.subList(1, check.size()).forEach((argument) -> command.add(argument.replace("$$", "$")));
		return Tools.run(command, environment).exitCode();
	}

	private K6Run k6(String script, int iterations) throws Exception {
		Assumptions.assumeTrue(Tools.onPath("node"), "no node on the PATH");
		Path harness = Path.of("src/test/resources/k6-harness/run.mjs").toAbsolutePath();
		Tools.Result result = Tools.run(
				List.of("node", harness.toString(), ServiceProcess.ROOT.resolve("k6").resolve(script).toString(),
						Integer.toString(iterations)),
				Map.of("CONSUMER_URL", "http://127.0.0.1:" + port(8080), "PRODUCER_URL",
						"http://127.0.0.1:" + port(8081)));
		assertThat(result.exitCode()).as(script + ": " + result.output()).isZero();
		Map<String, Object> output = new Yaml().load(new StringReader(result.output()));
		@SuppressWarnings("unchecked")
		List<Map<?, ?>> requests = (List<Map<?, ?>>) output.get("requests");
		assertThat(requests).as(script).isNotEmpty();
		@SuppressWarnings("unchecked")
		Map<String, Object> options = (Map<String, Object>) output.get("options");
		return new K6Run(options, requests);
	}

	private static Set<String> parameterNames(URI uri) {
		Set<String> names = new TreeSet<>();
		if (uri.getRawQuery() != null) {
			for (String pair : uri.getRawQuery().split("&")) {
				names.add(URLDecoder.decode(pair.split("=")[0], StandardCharsets.UTF_8));
			}
		}
		return names;
	}

	private List<String> java(String options) {
		List<String> command = new ArrayList<>(List.of(ServiceProcess.javaExecutable(), "-cp", KAFKA_LIB + "/*",
				"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
		for (String option : options.strip().split("\\s+")) {
			if (!option.isEmpty()) {
				command.add(option);
			}
		}
		return command;
	}

	private String write(String name, Properties properties) throws IOException {
		Path file = home.resolve(name);
		try (var writer = Files.newBufferedWriter(file)) {
			properties.store(writer, "from docker-compose.yml, by " + getClass().getSimpleName());
		}
		return file.toString();
	}

	private ServiceProcess start(String name, List<String> command, Map<String, String> environment)
			throws IOException {
		return start(name, command, environment, home);
	}

	private ServiceProcess start(String name, List<String> command, Map<String, String> environment, Path directory)
			throws IOException {
		ServiceProcess process = ServiceProcess.start("compose-" + name, directory, command, environment);
		this.processes.add(process);
		return process;
	}

	private static String camelCase(String name) {
		StringBuilder result = new StringBuilder();
		for (String word : name.toLowerCase().split("_")) {
			result.append(result.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
		}
		return result.toString();
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : files.toList()) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
	}

	private record K6Run(Map<String, Object> options, List<Map<?, ?>> requests) {
	}

}
