package io.candyflow.consumer.web;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * A 503 problem for a resource that is full for now (exports' memory, stream clients),
 * with {@code Retry-After}. Its content type is set here: such requests often accept only
 * what the resource sends (an Arrow stream, an event stream), and content negotiation
 * would otherwise find no way to write a problem.
 */
public final class Unavailable {

	private static final String RETRY_AFTER_SECONDS = "5";

	private Unavailable() {
	}

	/**
	 * The answer.
	 * @param title the problem's title
	 * @param type the last segment of its type URI
	 * @param detail what is full, and how full
	 */
	public static ResponseEntity<ProblemDetail> problem(String title, String type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
		problem.setTitle(title);
		problem.setType(URI.create("https://candyflow.io/problems/" + type));
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}
