package io.candyflow.producer.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.ResponseStatusException;

/**
 * Refuses any request that declares a body larger than 1 MiB with 413, before anything
 * reads it, and stops any other body from being read past 1 MiB.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeFilter extends OncePerRequestFilter {

	static final long MAX_BYTES = 1024 * 1024;

	private static final byte[] PROBLEM = ("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
			+ "\"detail\":\"Request bodies are limited to " + MAX_BYTES + " bytes\"}")
		.getBytes(StandardCharsets.UTF_8);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BYTES) {
			response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getOutputStream().write(PROBLEM);
			return;
		}
		chain.doFilter(new BoundedRequest(request), response);
	}

	/**
	 * A request whose body, however it is sent (chunked bodies declare no length), cannot
	 * be read past the limit: reading further answers 413.
	 */
	private static final class BoundedRequest extends HttpServletRequestWrapper {

		private ServletInputStream bounded;

		BoundedRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.bounded == null) {
				ServletInputStream in = super.getInputStream();
				this.bounded = new ServletInputStream() {

					private long read;

					@Override
					public int read() throws IOException {
						int next = in.read();
						if (next >= 0 && ++this.read > MAX_BYTES) {
							throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
									"Request bodies are limited to " + MAX_BYTES + " bytes");
						}
						return next;
					}

					@Override
					public boolean isFinished() {
						return in.isFinished();
					}

					@Override
					public boolean isReady() {
						return in.isReady();
					}

					@Override
					public void setReadListener(ReadListener listener) {
						in.setReadListener(listener);
					}

				};
			}
			return this.bounded;
		}

	}

}
