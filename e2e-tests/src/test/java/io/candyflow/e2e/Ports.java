package io.candyflow.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Free TCP ports on the loopback interface, so tests never collide with a running stack.
 */
final class Ports {

	private Ports() {
	}

	static int free() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Two consecutive free ports (Kafka's listener and controller).
	 */
	static int freePair() {
		for (int attempt = 0; attempt < 50; attempt++) {
			int port = free();
			if (port < 65535 && isFree(port + 1)) {
				return port;
			}
		}
		throw new IllegalStateException("No two consecutive free ports found");
	}

	static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
