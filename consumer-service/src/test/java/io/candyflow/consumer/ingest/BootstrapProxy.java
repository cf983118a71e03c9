package io.candyflow.consumer.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bootstrap address given to a client before there is a broker behind it: nothing
 * listens on the port until {@link #forwardTo} opens it, and then every connection is
 * piped to the broker. Kafka's clients use the bootstrap address only to learn the
 * brokers' advertised addresses, and then connect to those, so this stands in for a
 * broker that starts late on a known port (the embedded KRaft broker takes random ports).
 */
final class BootstrapProxy implements AutoCloseable {

	private final int port;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private ServerSocket server;

	BootstrapProxy() throws IOException {
		try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			this.port = probe.getLocalPort();
		}
	}

	String address() {
		return "127.0.0.1:" + this.port;
	}

	void forwardTo(String broker) throws IOException {
		String[] hostAndPort = broker.split(",")[0].split(":");
		this.server = new ServerSocket(this.port, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			while (!this.server.isClosed()) {
				try {
					Socket client = this.server.accept();
					Socket upstream = new Socket(hostAndPort[0], Integer.parseInt(hostAndPort[1]));
					this.sockets.add(client);
					this.sockets.add(upstream);
					pipe(client, upstream);
					pipe(upstream, client);
				}
				catch (IOException ex) {
					// closed
				}
			}
		}, "bootstrap-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private static void pipe(Socket from, Socket to) {
		Thread pipe = new Thread(() -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "bootstrap-pipe");
		pipe.setDaemon(true);
		pipe.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	@Override
	public void close() throws IOException {
		if (this.server != null) {
			this.server.close();
		}
		this.sockets.forEach(BootstrapProxy::closeQuietly);
	}

}
