package io.candyflow.consumer.query;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the query API as {@code application/problem+json}; Spring MVC's own
 * exceptions (wrong method, missing parameter, ...) are handled by the superclass.
 */
@RestControllerAdvice
class QueryProblemAdvice extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ProblemDetail candyNotFound(CandyNotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Unknown candy");
		problem.setType(URI.create("https://candyflow.io/problems/unknown-candy"));
		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidParameter(InvalidParameterException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				ex.getParameter() + " " + ex.getMessage());
		problem.setTitle("Invalid parameter");
		problem.setType(URI.create("https://candyflow.io/problems/invalid-parameter"));
		problem.setProperty("parameter", ex.getParameter());
		return problem;
	}

}
