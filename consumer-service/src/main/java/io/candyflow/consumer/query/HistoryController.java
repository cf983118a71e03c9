package io.candyflow.consumer.query;

import java.nio.channels.Channels;
import java.util.List;

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
	List<OfferResponse> history(@RequestParam(name = "candy_id") String candyId,
			@RequestParam(name = "store_id", required = false) String storeId,
			@RequestParam(name = "from", required = false) String from,
			@RequestParam(name = "to", required = false) String to,
			@RequestParam(name = "limit", required = false) String limit) {
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
	ResponseEntity<StreamingResponseBody> export(@RequestParam(name = "candy_id", required = false) String candyId) {
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
