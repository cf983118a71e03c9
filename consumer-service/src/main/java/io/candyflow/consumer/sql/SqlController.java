package io.candyflow.consumer.sql;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /sql}: one SELECT on the live tables, answered as JSON, CSV or Arrow.
 */
@RestController
class SqlController {

	static final String TRUNCATED_HEADER = "CandyFlow-Truncated";

	private static final JsonMapper JSON = new JsonMapper();

	private final SqlEngine engine;

	private final SqlProperties properties;

	SqlController(SqlEngine engine, SqlProperties properties) {
		this.engine = engine;
		this.properties = properties;
	}

	@PostMapping("/sql")
	@Operation(summary = "Runs one SQL SELECT on the live tables", description = """
			Tables: `history(candy_id VARCHAR, store_id VARCHAR, price DECIMAL(11,2), ts TIMESTAMPTZ)`, \
			every update the store keeps, and `offers` with the same columns, the current offer of every \
			(candy, store); one query sees both as of one moment. DuckDB's SQL dialect. The body is the SQL \
			(`text/plain`) or `{"sql": "..."}` (`application/json`). The answer's format follows `Accept`: \
			JSON (the default), `text/csv` or `application/vnd.apache.arrow.stream`. At most 10,000 rows by \
			default: past them JSON says `"truncated": true`, and every format has the `CandyFlow-Truncated` \
			header. Read-only and sandboxed: one SELECT, no files, network, extensions or settings, \
			a timeout (10 s by default).""")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = {
					@Content(mediaType = "text/plain",
							examples = @ExampleObject(
									value = "SELECT store_id, avg(price) FROM offers GROUP BY store_id")),
					@Content(mediaType = "application/json", schema = @Schema(implementation = SqlRequest.class)) })
	@ApiResponse(responseCode = "200", description = "The result", content = {
			@Content(mediaType = "application/json",
					examples = @ExampleObject(value = "{\"columns\":[{\"name\":\"store_id\",\"type\":\"VARCHAR\"},"
							+ "{\"name\":\"price\",\"type\":\"DECIMAL(11,2)\"}],\"rows\":[[\"Store1\",2.35]],"
							+ "\"truncated\":false}")),
			@Content(mediaType = "text/csv"), @Content(mediaType = ResultFormat.ARROW_STREAM_VALUE) })
	@ApiResponse(responseCode = "400",
			description = "Not one SELECT, DuckDB rejected it (its message), or the answer is larger than allowed (16 MB by default)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "406", description = "No format of the Accept header is offered",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "408", description = "The query ran past the timeout and was stopped",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "The SQL text is longer than allowed (64 KB by default)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "415", description = "The body is neither text/plain nor application/json",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503",
			description = "Too many queries at once, or (sharded) some partition has no ready owner now; try again after Retry-After",
			content = @Content(mediaType = "application/problem+json"))
	Mono<ResponseEntity<byte[]>> sql(ServerHttpRequest request) {
		ResultFormat format = format(request);
		boolean json;
		try {
			json = isJson(request.getHeaders().getContentType());
		}
		catch (SqlProblem ex) {
			return Mono.error(ex);
		}
		if (format == null) {
			return Mono.error(SqlProblem.notAcceptable());
		}
		long maxBytes = this.properties.maxQuerySize().toBytes();
		return DataBufferUtils.join(request.getBody(), (int) maxBytes)
			.onErrorMap(DataBufferLimitException.class, (ex) -> SqlProblem.tooLarge(maxBytes))
			.map(SqlController::text)
			.defaultIfEmpty("")
			.map((body) -> json ? sqlOf(body) : body)
			.publishOn(Schedulers.boundedElastic())
			.map((sql) -> this.engine.query(sql, format))
			.map((result) -> ResponseEntity.ok()
				.contentType(format.mediaType())
				.header(TRUNCATED_HEADER, Boolean.toString(result.truncated()))
				.body(result.body()));
	}

	/**
	 * The answer's format for the request's {@code Accept}; {@code null} if none fits, or
	 * if the header is one Spring cannot read (not a media type, or more types than it
	 * sorts: 50).
	 */
	private static ResultFormat format(ServerHttpRequest request) {
		try {
			return ResultFormat.forAccept(request.getHeaders().getAccept());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static boolean isJson(MediaType contentType) {
		if (contentType == null || MediaType.TEXT_PLAIN.equalsTypeAndSubtype(contentType)) {
			return false;
		}
		if (MediaType.APPLICATION_JSON.equalsTypeAndSubtype(contentType)) {
			return true;
		}
		throw SqlProblem.unsupportedMediaType(contentType.toString());
	}

	private static String text(DataBuffer buffer) {
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static String sqlOf(String body) {
		JsonNode sql;
		try {
			sql = JSON.readTree(body).path("sql");
		}
		catch (JacksonException ex) {
			throw SqlProblem.invalid("The body is not valid JSON: send {\"sql\": \"SELECT ...\"}");
		}
		if (!sql.isString()) {
			throw SqlProblem
				.invalid("The body must be a JSON object with the query as a string: {\"sql\": \"SELECT ...\"}");
		}
		return sql.asString();
	}

	// The content type is set here: a client that asked for CSV or Arrow gets its
	// problem as problem+json all the same.
	@ExceptionHandler
	ResponseEntity<ProblemDetail> problem(ErrorResponseException ex, ServerHttpRequest request) {
		ProblemDetail problem = ex.getBody();
		if (problem.getInstance() == null) {
			problem.setInstance(java.net.URI.create(request.getPath().value()));
		}
		return ResponseEntity.status(ex.getStatusCode())
			.headers(ex.getHeaders())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> badHeader(InvalidMediaTypeException ex, ServerHttpRequest request) {
		return problem(SqlProblem.unsupportedMediaType(ex.getMediaType()), request);
	}

	/**
	 * The JSON form of the body.
	 *
	 * @param sql the query
	 */
	record SqlRequest(@Schema(example = "SELECT count(*) FROM history") String sql) {
	}

}
