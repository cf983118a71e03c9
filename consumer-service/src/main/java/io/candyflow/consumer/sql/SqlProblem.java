package io.candyflow.consumer.sql;

import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Why a query got no result, as the problem+json answer: what the SQL text or the request
 * did is a 4xx, a full engine a 503. Messages are DuckDB's or ours, never a stack trace.
 */
class SqlProblem extends ErrorResponseException {

	private final String outcome;

	private SqlProblem(HttpStatus status, String title, String type, String detail, String outcome) {
		super(status, problem(status, title, type, detail), null);
		this.outcome = outcome;
	}

	/**
	 * The SQL does not parse, bind or run, or is not one {@code SELECT}: 400 with
	 * DuckDB's message.
	 */
	static SqlProblem invalid(String detail) {
		return new SqlProblem(HttpStatus.BAD_REQUEST, "Invalid query", "invalid-query", detail, "invalid");
	}

	static SqlProblem timedOut(Duration timeout) {
		return new SqlProblem(HttpStatus.REQUEST_TIMEOUT, "Query timed out", "query-timeout",
				"The query ran longer than " + timeout.toMillis() + " ms and was stopped", "timeout");
	}

	static SqlProblem busy(int maxConcurrentQueries) {
		SqlProblem problem = new SqlProblem(HttpStatus.SERVICE_UNAVAILABLE, "Too many queries", "too-many-queries",
				"At most " + maxConcurrentQueries + " SQL queries run at once; try again shortly", "rejected");
		problem.getHeaders().set("Retry-After", "1");
		return problem;
	}

	static SqlProblem tooLarge(long maxBytes) {
		return new SqlProblem(HttpStatus.CONTENT_TOO_LARGE, "Query too large", "query-too-large",
				"The query must be at most " + maxBytes + " bytes", "invalid");
	}

	static SqlProblem resultTooLarge(long maxBytes) {
		return new SqlProblem(HttpStatus.BAD_REQUEST, "Result too large", "result-too-large",
				"The answer would be larger than " + maxBytes + " bytes: select fewer rows or columns", "invalid");
	}

	static SqlProblem unsupportedMediaType(String contentType) {
		return new SqlProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type", "unsupported-content-type",
				"Send the SQL as text/plain, or as application/json {\"sql\": \"...\"} (was " + contentType + ")",
				"invalid");
	}

	static SqlProblem notAcceptable() {
		return new SqlProblem(HttpStatus.NOT_ACCEPTABLE, "Unsupported result format", "unsupported-result-format",
				"Results come as application/json, text/csv or " + ResultFormat.ARROW_STREAM_VALUE, "invalid");
	}

	/**
	 * The outcome tag of {@code candyflow.sql.queries}.
	 */
	String outcome() {
		return this.outcome;
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

	private static ProblemDetail problem(HttpStatus status, String title, String type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(URI.create("https://candyflow.io/problems/" + type));
		return problem;
	}

}
