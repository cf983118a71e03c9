package io.candyflow.consumer.flight;

import io.candyflow.consumer.store.ExportMemoryExhaustedException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;

import org.springframework.web.ErrorResponseException;

/**
 * The one mapping of what went wrong to a Flight status: the SQL engine's problems by
 * their HTTP status, the store's by their kind. The message is the problem's detail (for
 * SQL, DuckDB's message), never a stack trace.
 */
final class FlightErrors {

	private FlightErrors() {
	}

	static FlightRuntimeException of(RuntimeException ex) {
		if (ex instanceof FlightRuntimeException flight) {
			return flight;
		}
		if (ex instanceof ErrorResponseException problem) {
			String detail = (problem.getBody().getDetail() != null) ? problem.getBody().getDetail()
					: problem.getBody().getTitle();
			return status(problem.getStatusCode().value()).withDescription(detail).toRuntimeException();
		}
		if (ex instanceof ExportMemoryExhaustedException) {
			return CallStatus.RESOURCE_EXHAUSTED.withDescription(ex.getMessage() + "; try again shortly")
				.toRuntimeException();
		}
		return CallStatus.INTERNAL.withDescription("The call failed on the server").withCause(ex).toRuntimeException();
	}

	static FlightRuntimeException invalid(String message) {
		return CallStatus.INVALID_ARGUMENT.withDescription(message).toRuntimeException();
	}

	private static CallStatus status(int httpStatus) {
		return switch (httpStatus) {
			case 408 -> CallStatus.TIMED_OUT;
			case 503, 429 -> CallStatus.RESOURCE_EXHAUSTED;
			case 404 -> CallStatus.NOT_FOUND;
			case 401 -> CallStatus.UNAUTHENTICATED;
			case 403 -> CallStatus.UNAUTHORIZED;
			default -> (httpStatus >= 400 && httpStatus < 500) ? CallStatus.INVALID_ARGUMENT : CallStatus.INTERNAL;
		};
	}

}
