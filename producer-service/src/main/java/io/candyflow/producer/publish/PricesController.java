package io.candyflow.producer.publish;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import io.candyflow.price.PriceUpdate;
import io.candyflow.price.PriceUpdateCodec;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /prices}: one update or a JSON array of them, all or nothing.
 */
@RestController
class PricesController {

	private final PriceUpdateCodec codec;

	private final PricePublisher publisher;

	private final long maxRequestBytes;

	PricesController(PriceUpdateCodec codec, PricePublisher publisher, PublishProperties properties) {
		this.codec = codec;
		this.publisher = publisher;
		this.maxRequestBytes = properties.maxRequestSize().toBytes();
	}

	/**
	 * The body is read as JSON whatever its declared content type, as the original
	 * CandyFlow did, so that {@code curl -d '{...}'} works without a header.
	 */
	@PostMapping(path = "/prices", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Accepted> publish(HttpServletRequest request) throws IOException {
		List<PriceUpdate> updates = this.codec.decodeRequest(readBody(request));
		return ResponseEntity.accepted().body(new Accepted(this.publisher.publishAndWait(updates)));
	}

	private byte[] readBody(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > this.maxRequestBytes) {
			throw new RequestTooLargeException(this.maxRequestBytes);
		}
		try (InputStream in = request.getInputStream()) {
			byte[] body = in.readNBytes((int) this.maxRequestBytes + 1);
			if (body.length > this.maxRequestBytes) {
				throw new RequestTooLargeException(this.maxRequestBytes);
			}
			return body;
		}
	}

	/**
	 * The answer to a successful publish.
	 *
	 * @param accepted how many updates Kafka acknowledged
	 */
	record Accepted(int accepted) {
	}

}
