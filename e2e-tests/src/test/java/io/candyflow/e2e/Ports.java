package io.candyflow.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports on the loopback interface, so tests never collide with a running stack;
 * none is handed out twice in a run, since a port is free only until the stack it was
 * chosen for binds it.
 */
final class Ports {

	private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

	private Ports() {
	}

	static int free() {
		for (int attempt = 0; attempt < 50; attempt++) {
			int port = ephemeral();
			if (handedOut.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port found that was not handed out already");
	}

	/**
	 * Two consecutive free ports (Kafka's listener and controller; a Flight port and a
	 * replica's).
	 */
	static int freePair() {
		for (int attempt = 0; attempt < 50; attempt++) {
			int port = ephemeral();
			if (port < 65535 && isFree(port + 1) && !handedOut.contains(port) && !handedOut.contains(port + 1)) {
				handedOut.add(port);
				handedOut.add(port + 1);
				return port;
			}
		}
		throw new IllegalStateException("No two consecutive free ports found");
	}

	private static int ephemeral() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
