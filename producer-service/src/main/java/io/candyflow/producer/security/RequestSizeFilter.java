package io.candyflow.producer.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses any request that declares a body larger than 1 MiB with 413, before anything
 * reads it. ({@code POST /prices} also counts what it reads, for bodies sent without a
 * length.)
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
		chain.doFilter(request, response);
	}

}
