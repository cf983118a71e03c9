package io.candyflow.consumer.query;

import java.nio.channels.Channels;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.candyflow.consumer.store.PriceStore;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /history} and {@code GET /export}: the Arrow history, as JSON or as an Arrow
 * IPC stream.
 */
@RestController
class HistoryController {

	/** The IANA media type of the Arrow IPC stream format. */
	static final MediaType ARROW_STREAM = MediaType.parseMediaType("application/vnd.apache.arrow.stream");

	private final PriceStore store;

	HistoryController(PriceStore store) {
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
	List<OfferResponse> history(@Parameter(example = "Candy1") @RequestParam(name = "candy_id") String candyId,
			@Parameter(example = "Store1") @RequestParam(name = "store_id", required = false) String storeId,
			@Parameter(description = "earliest event time, inclusive: Unix seconds or an ISO-8601 instant",
					example = "2023-11-14T22:13:20Z") @RequestParam(name = "from", required = false) String from,
			@Parameter(description = "latest event time, inclusive: Unix seconds or an ISO-8601 instant",
					example = "1700003600") @RequestParam(name = "to", required = false) String to,
			@Parameter(description = "1 to 10000, default 100") @RequestParam(name = "limit",
					required = false) String limit) {
		String candy = QueryParameters.id("candy_id", candyId);
		String storeFilter = QueryParameters.optionalId("store_id", storeId);
		long fromMillis = QueryParameters.time("from", from, Long.MIN_VALUE);
		long toMillis = QueryParameters.time("to", to, Long.MAX_VALUE);
		int max = QueryParameters.limit(limit);
		if (fromMillis > toMillis) {
			throw new InvalidParameterException("from", "must not be after to");
		}
		if (!this.store.knows(candy)) {
			throw new CandyNotFoundException(candy);
		}
		return this.store.history(candy, storeFilter, fromMillis, toMillis, max)
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
	ResponseEntity<StreamingResponseBody> export(@Parameter(description = "only this candy; all if absent",
			example = "Candy1") @RequestParam(name = "candy_id", required = false) String candyId) {
		String candy = QueryParameters.optionalId("candy_id", candyId);
		if (candy != null && !this.store.knows(candy)) {
			throw new CandyNotFoundException(candy);
		}
		StreamingResponseBody body = (out) -> this.store.export(candy, Channels.newChannel(out));
		return ResponseEntity.ok()
			.contentType(ARROW_STREAM)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("candyflow-history.arrows").build().toString())
			.body(body);
	}

}
