package io.candyflow.consumer.sql;

import java.time.Duration;

import io.candyflow.consumer.PriceRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SQL with known answers on records that went through a real (embedded) broker and the
 * whole consumer: aggregates, a join of the history with the offers, window functions,
 * time filters.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
// two partitions, not three: a broker and a consumer of its own, so that these records
// are not in the store of QueryIntegrationTests, whose context would otherwise be shared
@EmbeddedKafka(topics = { "candy_prices_raw", "candy_prices_raw.DLT" }, partitions = 2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlIntegrationTests {

	/** Only this test's candies, whatever else the broker holds. */
	private static final String MINE = " candy_id LIKE 'Sq%' ";

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedKafkaBroker broker;

	private SqlHttp http;

	@BeforeAll
	void produce() throws Exception {
		this.http = new SqlHttp(this.port);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(this.broker),
				new StringSerializer(), new StringSerializer())) {
			PriceRecords.send(producer, "SqToffee", "Corner", "1.20", "1700000000");
			PriceRecords.send(producer, "SqToffee", "Mall", "0.95", "1700000005");
			PriceRecords.send(producer, "SqToffee", "Corner", "0.90", "1700000010");
			PriceRecords.send(producer, "SqGum", "Corner", "0.30", "1700000015");
			PriceRecords.send(producer, "SqGum", "Corner", "0.45", "1700003600");
			// late: enters the history, not the offers
			PriceRecords.send(producer, "SqGum", "Mall", "0.50", "1700000020");
			PriceRecords.send(producer, "SqGum", "Mall", "0.40", "1699999990");
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.http.json("SELECT count(*) FROM history WHERE" + MINE)).contains("[[7]]"));
	}

	@Test
	void aggregates() throws Exception {
		assertThat(this.http.json("SELECT store_id, count(*), min(price), max(price), sum(price) FROM history WHERE"
				+ MINE + "GROUP BY store_id ORDER BY store_id"))
			.contains("\"rows\":[[\"Corner\",4,0.30,1.20,2.85],[\"Mall\",3,0.40,0.95,1.85]]");
		assertThat(this.http.json("SELECT candy_id, avg(price) FROM offers WHERE" + MINE + "GROUP BY 1 ORDER BY 1"))
			.contains("\"rows\":[[\"SqGum\",0.475],[\"SqToffee\",0.925]]");
	}

	@Test
	void joinsTheHistoryWithTheOffers() throws Exception {
		// per offer: how many earlier prices it had, and the highest of them
		assertThat(this.http.json("SELECT o.candy_id, o.store_id, o.price, count(h.price), max(h.price) FROM offers o "
				+ "LEFT JOIN history h ON h.candy_id = o.candy_id AND h.store_id = o.store_id AND h.ts < o.ts WHERE o."
				+ MINE + "GROUP BY ALL ORDER BY 1, 2"))
			.contains("\"rows\":[[\"SqGum\",\"Corner\",0.45,1,0.30],[\"SqGum\",\"Mall\",0.50,1,0.40],"
					+ "[\"SqToffee\",\"Corner\",0.90,1,1.20],[\"SqToffee\",\"Mall\",0.95,0,null]]");
	}

	@Test
	void windowFunctions() throws Exception {
		// the biggest drops: each price against the one before it at the same store
		assertThat(this.http.json("SELECT candy_id, store_id, price - lag(price) OVER (PARTITION BY candy_id, store_id "
				+ "ORDER BY ts) AS change FROM history WHERE" + MINE
				+ "QUALIFY change IS NOT NULL ORDER BY change, 1, 2"))
			.contains(
					"\"rows\":[[\"SqToffee\",\"Corner\",-0.30],[\"SqGum\",\"Mall\",0.10],[\"SqGum\",\"Corner\",0.15]]");
		assertThat(
				this.http.json("SELECT candy_id, store_id, price, rank() OVER (PARTITION BY candy_id ORDER BY price) "
						+ "FROM offers WHERE" + MINE + "ORDER BY 1, 4"))
			.contains("\"rows\":[[\"SqGum\",\"Corner\",0.45,1],[\"SqGum\",\"Mall\",0.50,2],"
					+ "[\"SqToffee\",\"Corner\",0.90,1],[\"SqToffee\",\"Mall\",0.95,2]]");
	}

	@Test
	void timeFilters() throws Exception {
		assertThat(this.http.json("SELECT count(*), min(ts), max(ts) FROM history WHERE" + MINE
				+ "AND ts >= TIMESTAMPTZ '2023-11-14 22:13:25+00' AND ts < TIMESTAMPTZ '2023-11-14 22:13:40+00'"))
			.contains("\"rows\":[[3,\"2023-11-14T22:13:25Z\",\"2023-11-14T22:13:35Z\"]]");
		assertThat(this.http.json("SELECT candy_id, price FROM history WHERE" + MINE
				+ "AND ts >= to_timestamp(1700000000) + INTERVAL 1 HOUR"))
			.contains("\"rows\":[[\"SqGum\",0.45]]");
		assertThat(this.http.json("SELECT count(*) FROM history WHERE" + MINE
				+ "AND ts BETWEEN make_timestamptz(2023, 11, 14, 22, 13, 20.0, 'UTC') AND "
				+ "make_timestamptz(2023, 11, 14, 22, 13, 30.0, 'UTC')"))
			.contains("[[3]]");
	}

}
