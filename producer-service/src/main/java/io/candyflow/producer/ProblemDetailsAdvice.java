package io.candyflow.producer;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.candyflow.price.InvalidPriceUpdateException;
import io.candyflow.price.Violation;
import io.candyflow.producer.publish.KafkaUnavailableException;
import io.candyflow.producer.publish.RequestTooLargeException;
import io.candyflow.producer.simulator.InvalidSimulatorSettingsException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error of the producer's API into an RFC 9457
 * {@code application/problem+json} answer. Spring MVC's own exceptions (wrong method, bad
 * parameter, ...) are handled by the superclass.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ProblemDetail invalidPriceUpdate(InvalidPriceUpdateException ex) {
		List<Violation> violations = ex.getViolations();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				describe(violations) + "; nothing was published");
		problem.setTitle("Invalid price update");
		problem.setType(URI.create("https://candyflow.io/problems/invalid-price-update"));
		problem.setProperty("errors", violations.stream().map(Error::of).toList());
		return problem;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> kafkaUnavailable(KafkaUnavailableException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setTitle("Kafka unavailable");
		problem.setType(URI.create("https://candyflow.io/problems/kafka-unavailable"));
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
	}

	@ExceptionHandler
	ProblemDetail invalidSimulatorSettings(InvalidSimulatorSettingsException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid simulator settings");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail requestTooLarge(RequestTooLargeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
		problem.setTitle("Request too large");
		return problem;
	}

	private static String describe(List<Violation> violations) {
		long items = violations.stream().filter((violation) -> violation.index() >= 0).count();
		if (items == 0) {
			return "The request is invalid";
		}
		long distinct = violations.stream().mapToInt(Violation::index).filter((index) -> index >= 0).distinct().count();
		return distinct + ((distinct == 1) ? " update is" : " updates are") + " invalid";
	}

	/**
	 * One entry of the {@code errors} array: which item, which field, why.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Error(Integer index, String field, String reason) {

		static Error of(Violation violation) {
			return new Error((violation.index() >= 0) ? violation.index() : null, violation.field(),
					violation.reason());
		}

	}

}
