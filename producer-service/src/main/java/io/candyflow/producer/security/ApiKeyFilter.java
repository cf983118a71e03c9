package io.candyflow.producer.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When {@code candyflow.security.api-key} is set, answers a write without the right
 * {@code X-API-Key} header with 401, before anything reads the body. Reads (GET, HEAD)
 * and the actuator endpoints stay open.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
@EnableConfigurationProperties(SecurityProperties.class)
class ApiKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	private static final String PROBLEM = "{\"type\":\"https://candyflow.io/problems/unauthorized\","
			+ "\"title\":\"Unauthorized\",\"status\":401,"
			+ "\"detail\":\"This write needs a valid X-API-Key header\"}";

	private final byte[] apiKey;

	ApiKeyFilter(SecurityProperties properties) {
		this.apiKey = properties.enabled() ? properties.apiKey().getBytes(StandardCharsets.UTF_8) : null;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return this.apiKey == null || HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method)
				|| HttpMethod.OPTIONS.matches(method) || request.getRequestURI().startsWith("/actuator");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String given = request.getHeader(HEADER);
		// constant time, so that the key cannot be guessed byte by byte from response
		// times
		if (given != null && MessageDigest.isEqual(this.apiKey, given.getBytes(StandardCharsets.UTF_8))) {
			chain.doFilter(request, response);
			return;
		}
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + HEADER + "\"");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(PROBLEM.getBytes(StandardCharsets.UTF_8));
	}

}
