package io.candyflow.consumer.cluster;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * No complete answer now: some partition has no live, ready owner, or its owner did not
 * answer. A 503 problem with {@code Retry-After}, never a partial answer.
 */
final class PartitionsUnavailableException extends ErrorResponseException {

	PartitionsUnavailableException(String detail, String retryAfterSeconds) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(detail), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
		problem.setTitle("No complete answer now");
		problem.setType(URI.create("https://candyflow.io/problems/partitions-unavailable"));
		return problem;
	}

}
