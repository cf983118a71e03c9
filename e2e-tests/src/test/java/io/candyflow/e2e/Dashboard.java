package io.candyflow.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard and Prometheus config in {@code monitoring/}, read as text.
 */
final class Dashboard {

	static final Path DASHBOARD = ServiceProcess.ROOT.resolve("monitoring/grafana/dashboards/candyflow.json");

	static final Path SCRAPE_CONFIG = ServiceProcess.ROOT.resolve("monitoring/prometheus/prometheus.yml");

	private static final Pattern EXPR = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern METRIC = Pattern
		.compile("\\b((?:candyflow|http_server_requests|jvm|kafka)_[a-z_]+)\\b");

	private Dashboard() {
	}

	/**
	 * Every metric name the dashboard's queries use.
	 */
	static Set<String> metrics() throws IOException {
		String json = Files.readString(DASHBOARD);
		Set<String> metrics = new TreeSet<>();
		Matcher expr = EXPR.matcher(json);
		int panels = 0;
		while (expr.find()) {
			panels++;
			Matcher metric = METRIC.matcher(expr.group(1));
			while (metric.find()) {
				metrics.add(metric.group(1));
			}
		}
		if (panels == 0) {
			throw new IllegalStateException("No query found in " + DASHBOARD);
		}
		return metrics;
	}

	/**
	 * The metric names in a Prometheus text exposition.
	 */
	static Set<String> exported(String exposition) {
		Set<String> names = new TreeSet<>();
		for (String line : exposition.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				int end = line.indexOf('{');
				names.add(line.substring(0, (end >= 0) ? end : line.indexOf(' ')));
			}
		}
		return names;
	}

}
