package io.candyflow.consumer.query;

import java.nio.channels.Channels;
import java.util.List;

import io.candyflow.consumer.store.ExportMemoryExhaustedException;
import io.candyflow.consumer.store.HistoryExporter;
import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.web.QueryArguments;
import io.candyflow.consumer.web.StreamedBody;
import io.candyflow.consumer.web.Unavailable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.reactivestreams.Publisher;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /history} and {@code GET /export}: the Arrow history, as JSON or as an Arrow
 * IPC stream. {@code /history} is served by {@link QueryRoutes} ahead of WebFlux; this
 * controller documents it and answers it when the routes are off.
 */
@RestController
class HistoryController {

	/** The IANA media type of the Arrow IPC stream format. */
	static final MediaType ARROW_STREAM = MediaType.parseMediaType("application/vnd.apache.arrow.stream");

	private final Queries queries;

	private final PriceStore store;

	HistoryController(Queries queries, PriceStore store) {
		this.queries = queries;
		this.store = store;
	}

	@GetMapping("/history")
	@Operation(summary = "A candy's updates from the Arrow history, in event-time order",
			description = "The first `limit` updates at or after `from`; page on by passing the last timestamp "
					+ "as the next `from`. Late updates are there too, in their event-time place.")
	@ApiResponse(responseCode = "200",
			content = @Content(mediaType = "application/json",
					array = @ArraySchema(schema = @Schema(implementation = OfferResponse.class)),
					examples = @ExampleObject(value = """
							[{"candy_id":"Candy1","store_id":"Store3","price":2.35,"timestamp":1700000000},
							 {"candy_id":"Candy1","store_id":"Store1","price":1.99,"timestamp":1700000042}]""")))
	@ApiResponse(responseCode = "404", description = "Unknown candy",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "400", description = "A bad parameter, or from after to",
			content = @Content(mediaType = "application/problem+json"))
	@Parameter(name = "candy_id", in = ParameterIn.QUERY, required = true, example = "Candy1")
	@Parameter(name = "store_id", in = ParameterIn.QUERY, example = "Store1")
	@Parameter(name = "from", in = ParameterIn.QUERY,
			description = "earliest event time, inclusive: Unix seconds or an ISO-8601 instant",
			example = "2023-11-14T22:13:20Z")
	@Parameter(name = "to", in = ParameterIn.QUERY,
			description = "latest event time, inclusive: Unix seconds or an ISO-8601 instant", example = "1700003600")
	@Parameter(name = "limit", in = ParameterIn.QUERY, description = "1 to 10000, default 100")
	List<OfferResponse> history(ServerHttpRequest request) {
		return this.queries.history(QueryArguments.of(request.getQueryParams()))
			.stream()
			.map(OfferResponse::of)
			.toList();
	}

	@GetMapping("/export")
	@Operation(summary = "The history as an Arrow IPC stream",
			description = "Columns candy_id and store_id (dictionary-encoded strings), price (decimal(11, 2)), "
					+ "timestamp (timestamp[ms, UTC]); one record batch per history chunk. Readable by pyarrow "
					+ "(pyarrow.ipc.open_stream), polars, DuckDB and apache-arrow JS.")
	@ApiResponse(responseCode = "200",
			content = @Content(mediaType = "application/vnd.apache.arrow.stream",
					schema = @Schema(type = "string", format = "binary")))
	@ApiResponse(responseCode = "404", description = "Unknown candy",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503",
			description = "The exports running now hold all of candyflow.store.export-memory; try again after Retry-After",
			content = @Content(mediaType = "application/problem+json"))
	@Parameter(name = "candy_id", in = ParameterIn.QUERY, description = "only this candy; all if absent",
			example = "Candy1")
	ResponseEntity<Publisher<DataBuffer>> export(ServerHttpRequest request, ServerHttpResponse response) {
		String candy = this.queries.exportCandy(QueryArguments.of(request.getQueryParams()));
		// all its memory now, so that running short is a 503 before anything is sent
		HistoryExporter export = this.store.openExport(candy);
		Publisher<DataBuffer> body = StreamedBody.of((out) -> export.write(Channels.newChannel(out)), export::close,
				response.bufferFactory());
		return ResponseEntity.ok()
			.contentType(ARROW_STREAM)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("candyflow-history.arrows").build().toString())
			.body(body);
	}

	// problem+json whatever the request accepts (an Arrow-only or event-stream Accept)
	@ExceptionHandler
	ResponseEntity<ProblemDetail> exportMemoryExhausted(ExportMemoryExhaustedException ex) {
		return Unavailable.problem("Too many exports at once", "export-memory", ex.getMessage());
	}

}
