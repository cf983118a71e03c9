package io.candyflow.consumer.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what ordinary clients will not send: raw request
 * targets ({@code %}, repeated parameters as given), any method, pipelined requests on
 * one connection. Reads answers framed by {@code Content-Length} or chunked.
 */
public final class RawHttp implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	/**
	 * Opens a connection.
	 * @param port the server's port on 127.0.0.1
	 */
	public RawHttp(int port) throws IOException {
		this.socket = new Socket("127.0.0.1", port);
		this.socket.setSoTimeout(10_000);
		this.in = this.socket.getInputStream();
		this.out = this.socket.getOutputStream();
	}

	/**
	 * One request on a new connection, and its answer.
	 */
	public static Answer exchange(int port, String method, String target, String... headers) throws IOException {
		try (RawHttp http = new RawHttp(port)) {
			http.send(method, target, headers);
			return http.read(method.equals("HEAD"));
		}
	}

	/**
	 * Writes a request without waiting for an answer.
	 */
	public void send(String method, String target, String... headers) throws IOException {
		this.out.write(request(method, target, headers));
		this.out.flush();
	}

	/**
	 * Writes bytes as they are: several requests at once, for pipelining.
	 */
	public void sendRaw(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/**
	 * The bytes of one request.
	 */
	public static byte[] request(String method, String target, String... headers) {
		StringBuilder request = new StringBuilder(method).append(' ')
			.append(target)
			.append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		return request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The bytes of several {@code GET} requests, to be written at once.
	 */
	public static byte[] requests(List<String> targets) {
		ByteArrayOutputStream requests = new ByteArrayOutputStream();
		for (String target : targets) {
			requests.writeBytes(request("GET", target));
		}
		return requests.toByteArray();
	}

	/**
	 * Reads the next answer on the connection.
	 * @param head whether it answers a HEAD request (no body, whatever the headers say)
	 */
	public Answer read(boolean head) throws IOException {
		String statusLine = line();
		int status = Integer.parseInt(statusLine.split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = line(); !line.isEmpty(); line = line()) {
			int colon = line.indexOf(':');
			headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
					(a, b) -> a + ", " + b);
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (!head) {
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(),
						16)) {
					body.write(this.in.readNBytes(size));
					line();
				}
				line();
			}
			else if (headers.containsKey("content-length")) {
				body.write(this.in.readNBytes(Integer.parseInt(headers.get("content-length"))));
			}
		}
		return new Answer(status, headers, body.toByteArray());
	}

	private String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
			if (b < 0) {
				throw new IOException("Connection closed after " + line);
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.UTF_8);
	}

	/**
	 * The connection's input as it arrives, for streams (chunk framing included).
	 */
	public InputStream input() {
		return this.in;
	}

	/**
	 * Whether the server closed the connection: the next read ends the stream.
	 */
	public boolean isClosedByServer() throws IOException {
		try {
			return this.in.read() < 0;
		}
		catch (java.net.SocketException ex) {
			return true;
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	/**
	 * One answer.
	 *
	 * @param status the status code
	 * @param headers the headers, names in lower case
	 * @param body the body
	 */
	public record Answer(int status, Map<String, String> headers, byte[] body) {

		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	/**
	 * Several requests written at once, their answers read in order.
	 */
	public static List<Answer> pipelined(int port, List<String> targets) throws IOException {
		try (RawHttp http = new RawHttp(port)) {
			http.sendRaw(requests(targets));
			List<Answer> answers = new ArrayList<>();
			for (int i = 0; i < targets.size(); i++) {
				answers.add(http.read(false));
			}
			return answers;
		}
	}

}
