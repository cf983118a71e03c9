package io.candyflow.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * A Dockerfile's instructions of the final stage, read the way Docker reads them
 * (continuation lines joined, exec forms as JSON arrays), for the tests that run an
 * image's entry point and health check without Docker.
 */
final class Dockerfile {

	private final List<String> all;

	private final List<String> instructions;

	private Dockerfile(List<String> all, List<String> finalStage) {
		this.all = all;
		this.instructions = finalStage;
	}

	static Dockerfile load(Path file) throws IOException {
		List<String> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : Files.readAllLines(file)) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			instructions.add(current.append(trimmed).toString());
			current.setLength(0);
		}
		// only the final stage ends up in the image
		int lastFrom = 0;
		for (int i = 0; i < instructions.size(); i++) {
			if (instructions.get(i).startsWith("FROM ")) {
				lastFrom = i;
			}
		}
		return new Dockerfile(instructions, instructions.subList(lastFrom, instructions.size()));
	}

	String from() {
		return argument("FROM");
	}

	/**
	 * The ENTRYPOINT's exec form.
	 */
	List<String> entrypoint() {
		return execForm(argument("ENTRYPOINT"));
	}

	/**
	 * The HEALTHCHECK's command as compose writes one ({@code CMD} and the exec form),
	 * {@code null} for {@code HEALTHCHECK NONE}.
	 */
	List<String> healthcheck() {
		String healthcheck = argument("HEALTHCHECK");
		if (healthcheck == null || healthcheck.equals("NONE")) {
			return null;
		}
		// as compose writes a health check: CMD, then the exec form
		List<String> command = new ArrayList<>(List.of("CMD"));
		command.addAll(execForm(healthcheck.substring(healthcheck.indexOf("CMD ") + 4)));
		return command;
	}

	/**
	 * The ENV instructions (of the {@code KEY=value} form).
	 */
	Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		for (String instruction : this.instructions) {
			if (instruction.startsWith("ENV ")) {
				for (String pair : instruction.substring(4).strip().split("\\s+")) {
					environment.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
				}
			}
		}
		return environment;
	}

	/**
	 * The sources of the final stage's {@code COPY --from=build} instructions, in order:
	 * the image's layers.
	 */
	List<String> copiedFromBuild() {
		List<String> sources = new ArrayList<>();
		for (String instruction : this.instructions) {
			if (instruction.startsWith("COPY --from=build ")) {
				sources.add(instruction.split("\\s+")[2]);
			}
		}
		return sources;
	}

	/**
	 * The first instruction of any stage that contains {@code text}.
	 */
	String instructionContaining(String text) {
		return this.all.stream()
			.filter((instruction) -> instruction.contains(text))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No instruction contains " + text));
	}

	String user() {
		return argument("USER");
	}

	private String argument(String keyword) {
		String found = null;
		for (String instruction : this.instructions) {
			if (instruction.startsWith(keyword + " ")) {
				// as in Docker, the last one wins
				found = instruction.substring(keyword.length() + 1).strip();
			}
		}
		return found;
	}

	private static List<String> execForm(String json) {
		if (json == null || !json.startsWith("[")) {
			throw new IllegalStateException("Not an exec form (a JSON array): " + json);
		}
		// JSON is YAML; the exec form's escapes are JSON's
		return new Yaml().load(json);
	}

}
