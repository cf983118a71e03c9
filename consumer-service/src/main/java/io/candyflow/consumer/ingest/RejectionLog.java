package io.candyflow.consumer.ingest;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs rejected records quietly: at most one line per reason every
 * {@value #INTERVAL_MILLIS} ms, with how many were rejected since the last line. The line
 * names the record's position and the reason (a fixed text), never the record's content,
 * so nothing a client sent can forge a log line. Consumer thread only.
 */
final class RejectionLog {

	private static final Logger logger = LoggerFactory.getLogger(RejectionLog.class);

	static final long INTERVAL_MILLIS = 10_000;

	private final Map<String, long[]> lastLogged = new HashMap<>();

	void rejected(String reason, ConsumerRecord<?, ?> record, String detail) {
		rejected(reason, record, detail, System.currentTimeMillis());
	}

	void rejected(String reason, ConsumerRecord<?, ?> record, String detail, long now) {
		long[] state = this.lastLogged.computeIfAbsent(reason, (r) -> new long[] { now - INTERVAL_MILLIS, 0 });
		state[1]++;
		if (now - state[0] >= INTERVAL_MILLIS) {
			logger.warn("Rejected {} record(s) for {} since the last report; latest {}-{}@{}: {}", state[1], reason,
					record.topic(), record.partition(), record.offset(), detail);
			state[0] = now;
			state[1] = 0;
		}
	}

}
