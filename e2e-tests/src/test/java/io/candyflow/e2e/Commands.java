package io.candyflow.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which outside programs this machine has: tests that need one are skipped without it.
 */
final class Commands {

	private Commands() {
	}

	static boolean onPath(String command) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, command))) {
				return true;
			}
		}
		return false;
	}

}
