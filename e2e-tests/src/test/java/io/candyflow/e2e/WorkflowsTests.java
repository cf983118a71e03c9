package io.candyflow.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GitHub workflows, validated against GitHub's schema by action-validator (npm
 * {@code @action-validator/cli}, which {@code .ci/run} installs into
 * {@code .ci/node_modules}; skipped, and reported so, without it), and what they run.
 */
class WorkflowsTests {

	private static final Path WORKFLOWS = ServiceProcess.ROOT.resolve(".github/workflows");

	@Test
	void everyWorkflowIsValid() throws Exception {
		Path validator = validator();
		List<Path> workflows;
		try (Stream<Path> files = Files.list(WORKFLOWS)) {
			workflows = files.filter((file) -> file.toString().endsWith(".yml")).sorted().toList();
		}
		assertThat(workflows).extracting((file) -> file.getFileName().toString()).contains("ci.yml", "compose.yml");
		for (Path workflow : workflows) {
			Tools.Result result = Tools.run(List.of(validator.toString(), workflow.toString()), Map.of());
			assertThat(result.exitCode()).as(workflow + ": " + result.output()).isZero();
		}
	}

	@Test
	void theValidatorRejectsAnInvalidWorkflow(@TempDir Path dir) throws Exception {
		// a job without runs-on: proves the check above can fail
		Path invalid = Files.writeString(dir.resolve("invalid.yml"), """
				on: push
				jobs:
				  build:
				    steps:
				      - run: echo
				""");
		assertThat(Tools.run(List.of(validator().toString(), invalid.toString()), Map.of()).exitCode()).isNotZero();
	}

	@Test
	void ciRunsTheProjectsCiScriptOnJdk17And21() throws IOException {
		String ci = Files.readString(WORKFLOWS.resolve("ci.yml"));
		Map<String, Object> workflow = ComposeFile.read(WORKFLOWS.resolve("ci.yml"));
		Map<?, ?> job = (Map<?, ?>) ((Map<?, ?>) workflow.get("jobs")).get("verify");
		Map<?, ?> matrix = (Map<?, ?>) ((Map<?, ?>) job.get("strategy")).get("matrix");
		assertThat(List.copyOf((List<?>) matrix.get("java"))).isEqualTo(List.of("17", "21"));
		assertThat(ci).contains("run: bash .ci/run").contains("cache: maven");
		assertThat(Files.readString(ServiceProcess.ROOT.resolve(".ci/run"))).contains("./mvnw -B verify");
	}

	@Test
	void composeRunsTheCheapestLoadTestWithTheOfficialK6Actions() throws IOException {
		String compose = Files.readString(WORKFLOWS.resolve("compose.yml"));
		assertThat(compose).contains("uses: grafana/setup-k6-action@v1", "uses: grafana/run-k6-action@v1",
				"path: k6/cheapest.js", "docker compose up -d --wait", "docker compose down -v", "docker compose logs");
		assertThat(ServiceProcess.ROOT.resolve("k6/cheapest.js")).isRegularFile();
	}

	private static Path validator() {
		Path validator = Tools.find("action-validator");
		Assumptions.assumeTrue(validator != null,
				"no action-validator (npm ci --prefix .ci installs it into .ci/node_modules)");
		return validator;
	}

}
