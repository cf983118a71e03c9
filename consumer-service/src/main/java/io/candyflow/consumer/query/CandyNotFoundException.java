package io.candyflow.consumer.query;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The candy has no offer: it was never seen, or not yet. A 404 problem, answered the same
 * way by WebFlux and by the routes.
 */
public class CandyNotFoundException extends ErrorResponseException {

	private static final URI TYPE = URI.create("https://candyflow.io/problems/unknown-candy");

	public CandyNotFoundException(String candyId) {
		super(HttpStatus.NOT_FOUND, problem("No price is known for candy '" + candyId + "'"), null);
	}

	public CandyNotFoundException() {
		super(HttpStatus.NOT_FOUND, problem("No price is known yet"), null);
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
		problem.setTitle("Unknown candy");
		problem.setType(TYPE);
		return problem;
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
