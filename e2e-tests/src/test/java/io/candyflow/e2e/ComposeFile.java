package io.candyflow.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml}, read as data: what the tests compare with the applications'
 * configuration and run without Docker.
 */
final class ComposeFile {

	static final Path FILE = ServiceProcess.ROOT.resolve("docker-compose.yml");

	private final Map<String, Map<String, Object>> services;

	@SuppressWarnings("unchecked")
	private ComposeFile(Map<String, Object> document) {
		this.services = (Map<String, Map<String, Object>>) document.get("services");
	}

	static ComposeFile load() throws IOException {
		return new ComposeFile(read(FILE));
	}

	/**
	 * A YAML (or JSON) file as maps and lists.
	 */
	static <T> T read(Path file) throws IOException {
		// JSON may write "/" as "\/", an escape that YAML's double-quoted scalars do not
		// know
		return new Yaml().load(Files.readString(file).replace("\\/", "/"));
	}

	Set<String> services() {
		return this.services.keySet();
	}

	Map<String, Object> service(String name) {
		Map<String, Object> service = this.services.get(name);
		if (service == null) {
			throw new IllegalArgumentException("No service " + name + " in " + FILE);
		}
		return service;
	}

	/**
	 * The service's environment as strings, whether written as a map or a list.
	 */
	@SuppressWarnings("unchecked")
	Map<String, String> environment(String name) {
		Object environment = service(name).get("environment");
		Map<String, String> result = new LinkedHashMap<>();
		if (environment instanceof Map<?, ?> map) {
			map.forEach((key, value) -> result.put(key.toString(), String.valueOf(value)));
		}
		else if (environment instanceof List<?> list) {
			for (String entry : (List<String>) list) {
				int equals = entry.indexOf('=');
				result.put(entry.substring(0, equals), entry.substring(equals + 1));
			}
		}
		return result;
	}

	/**
	 * The services this one waits for, with the condition it waits for.
	 */
	@SuppressWarnings("unchecked")
	Map<String, String> dependsOn(String name) {
		Object dependsOn = service(name).get("depends_on");
		Map<String, String> result = new LinkedHashMap<>();
		if (dependsOn instanceof Map<?, ?> map) {
			map.forEach((key, value) -> result.put(key.toString(),
					String.valueOf(((Map<String, Object>) value).getOrDefault("condition", "service_started"))));
		}
		else if (dependsOn instanceof List<?> list) {
			list.forEach((dependency) -> result.put(dependency.toString(), "service_started"));
		}
		return result;
	}

	/**
	 * The health check command compose runs, {@code null} if the file defines none.
	 */
	@SuppressWarnings("unchecked")
	List<String> healthcheck(String name) {
		Map<String, Object> healthcheck = (Map<String, Object>) service(name).get("healthcheck");
		if (healthcheck == null || Boolean.TRUE.equals(healthcheck.get("disable"))) {
			return null;
		}
		Object test = healthcheck.get("test");
		return (test instanceof List<?> list) ? (List<String>) list : List.of("CMD-SHELL", test.toString());
	}

	/**
	 * The Dockerfile the service is built from, {@code null} for a published image.
	 */
	@SuppressWarnings("unchecked")
	Path dockerfile(String name) {
		Object build = service(name).get("build");
		if (build == null) {
			return null;
		}
		if (build instanceof String context) {
			return FILE.resolveSibling(context).resolve("Dockerfile").normalize();
		}
		Map<String, Object> map = (Map<String, Object>) build;
		Path context = FILE.resolveSibling(String.valueOf(map.getOrDefault("context", ".")));
		return context.resolve(String.valueOf(map.getOrDefault("dockerfile", "Dockerfile"))).normalize();
	}

	/**
	 * Published ports as host port to container port.
	 */
	Map<Integer, Integer> ports(String name) {
		Map<Integer, Integer> ports = new LinkedHashMap<>();
		Object list = service(name).get("ports");
		if (list instanceof List<?> entries) {
			for (Object entry : entries) {
				String[] parts = entry.toString().split(":");
				ports.put(Integer.parseInt(parts[parts.length - 2]),
						Integer.parseInt(parts[parts.length - 1].replace("/tcp", "")));
			}
		}
		return ports;
	}

	/**
	 * Bind mounts as container path to the host path (relative to the compose file).
	 */
	Map<String, Path> bindMounts(String name) {
		Map<String, Path> mounts = new LinkedHashMap<>();
		Object list = service(name).get("volumes");
		if (list instanceof List<?> entries) {
			for (Object entry : entries) {
				String[] parts = entry.toString().split(":");
				if (parts[0].startsWith(".")) {
					mounts.put(parts[1], FILE.resolveSibling(parts[0]).normalize());
				}
			}
		}
		return mounts;
	}

}
