package io.candyflow.consumer.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RejectionLogTests {

	private final RejectionLog log = new RejectionLog();

	@Test
	void logsTheFirstRejectionOfAReasonAtOnceThenAtMostOncePerInterval(CapturedOutput output) {
		ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("candy_prices_raw", 2, 41, null,
				"<script>".getBytes());
		this.log.rejected("price", record, "price: must be greater than 0", 1_000_000);
		this.log.rejected("price", record, "price: must be greater than 0", 1_000_001);
		this.log.rejected("price", record, "price: must be greater than 0", 1_000_002);
		this.log.rejected("document", record, "$: is empty", 1_000_003);
		assertThat(output.getOut().lines().filter((line) -> line.contains("Rejected"))).hasSize(2);
		assertThat(output)
			.contains("Rejected 1 record(s) for price since the last report; latest candy_prices_raw-2@41")
			.doesNotContain("<script>");
		this.log.rejected("price", record, "price: must be greater than 0", 1_000_000 + RejectionLog.INTERVAL_MILLIS);
		assertThat(output).contains("Rejected 3 record(s) for price");
	}

}
