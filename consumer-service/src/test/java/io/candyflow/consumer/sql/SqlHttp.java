package io.candyflow.consumer.sql;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.candyflow.consumer.web.RawHttp;

/**
 * {@code POST /sql} as the tests send it: any body, content type and {@code Accept}, each
 * request on a connection of its own, as curl does.
 */
final class SqlHttp {

	private final int port;

	SqlHttp(int port) {
		this.port = port;
	}

	RawHttp.Answer post(String contentType, String accept, byte[] body) throws IOException {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		StringBuilder head = new StringBuilder("POST /sql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
		if (contentType != null) {
			head.append("Content-Type: ").append(contentType).append("\r\n");
		}
		if (accept != null) {
			head.append("Accept: ").append(accept).append("\r\n");
		}
		head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
		request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
		request.writeBytes(body);
		try (RawHttp http = new RawHttp(this.port)) {
			try {
				http.sendRaw(request.toByteArray());
			}
			catch (IOException ex) {
				// A server may answer a body it refuses (413) and close before it has all
				// of it; the answer is still there to read, as curl reads it.
				try {
					return http.read(false);
				}
				catch (IOException unread) {
					ex.addSuppressed(unread);
					throw ex;
				}
			}
			return http.read(false);
		}
	}

	RawHttp.Answer post(String sql, String accept) throws IOException {
		return post("text/plain", accept, sql.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The JSON answer of a query that must succeed.
	 */
	String json(String sql) throws IOException {
		RawHttp.Answer answer = post(sql, null);
		if (answer.status() != 200) {
			throw new AssertionError(answer.status() + " " + answer.text());
		}
		return answer.text();
	}

	int get(String path) throws IOException {
		return RawHttp.exchange(this.port, "GET", path).status();
	}

	String getBody(String path) throws IOException {
		return RawHttp.exchange(this.port, "GET", path).text();
	}

}
