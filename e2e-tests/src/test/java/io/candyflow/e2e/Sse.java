package io.candyflow.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The first event of {@code GET /stream}, the snapshot of every candy, read as a
 * browser's EventSource would; without its time, which is when it was sent.
 */
final class Sse {

	private Sse() {
	}

	static ShardedIntegrationTests.Answer snapshot(int port) {
		return Http.read(port, "/stream", Sse::firstEvent);
	}

	private static String firstEvent(InputStream in) throws IOException {
		BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		StringBuilder event = new StringBuilder();
		String line;
		while ((line = lines.readLine()) != null) {
			if (line.isEmpty() && event.length() > 0) {
				break;
			}
			if (line.startsWith("event:") || line.startsWith("data:")) {
				event.append(line).append('\n');
			}
		}
		return event.toString().replaceAll("\"time\":\\d+,", "");
	}

}
