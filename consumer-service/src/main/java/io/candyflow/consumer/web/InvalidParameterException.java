package io.candyflow.consumer.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A query parameter breaks a rule: a 400 problem naming the parameter. As an
 * {@link org.springframework.web.ErrorResponse}, it is answered the same way by WebFlux
 * and by the routes.
 */
public class InvalidParameterException extends ErrorResponseException {

	static final URI TYPE = URI.create("https://candyflow.io/problems/invalid-parameter");

	private final String parameter;

	/**
	 * Creates the problem.
	 * @param parameter the parameter at fault
	 * @param reason what is wrong with it, as the end of a sentence that starts with its
	 * name
	 */
	public InvalidParameterException(String parameter, String reason) {
		super(HttpStatus.BAD_REQUEST, problem(parameter, reason), null);
		this.parameter = parameter;
	}

	static InvalidParameterException repeated(String parameter) {
		return new InvalidParameterException(parameter, "must be given at most once");
	}

	private static ProblemDetail problem(String parameter, String reason) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, parameter + " " + reason);
		problem.setTitle("Invalid parameter");
		problem.setType(TYPE);
		problem.setProperty("parameter", parameter);
		return problem;
	}

	/**
	 * The parameter at fault.
	 * @return its name
	 */
	public String getParameter() {
		return this.parameter;
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
