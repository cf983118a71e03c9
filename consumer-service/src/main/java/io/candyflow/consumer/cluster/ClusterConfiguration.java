package io.candyflow.consumer.cluster;

import java.util.Map;

import io.candyflow.consumer.ingest.IngestProperties;
import io.candyflow.consumer.ingest.Ownership;
import io.candyflow.consumer.live.StreamProperties;
import io.candyflow.consumer.query.Queries;
import io.candyflow.consumer.sql.SqlTables;
import io.candyflow.consumer.store.PriceStore;
import io.candyflow.consumer.store.StoreProperties;
import io.candyflow.consumer.web.AnswerHeaders;
import io.candyflow.consumer.web.QueryArguments;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.apache.arrow.memory.BufferAllocator;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.web.server.WebFilter;

/**
 * Sharded mode's beans, only when {@code candyflow.ingest.mode=sharded}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "candyflow.ingest.mode", havingValue = "sharded")
@EnableConfigurationProperties(ClusterProperties.class)
class ClusterConfiguration {

	@Bean
	Cluster cluster(ClusterProperties properties, KafkaAdmin kafka, Ownership ownership, MeterRegistry meters) {
		Map<String, Object> settings = kafka.getConfigurationProperties();
		Cluster cluster = new Cluster(properties, settings, ownership, meters);
		Gauge.builder("candyflow.cluster.partitions.owned", ownership, (owned) -> owned.view().partitions().size())
			.description("Partitions of the price topic this instance holds")
			.register(meters);
		return cluster;
	}

	@Bean
	Partitions partitions(IngestProperties ingest, KafkaAdmin kafka) {
		return new Partitions(ingest.topic(), kafka.getConfigurationProperties());
	}

	@Bean
	ShardStreams shardStreams(Cluster cluster, Partitions partitions, ClusterProperties properties) {
		return new ShardStreams(cluster, partitions, properties);
	}

	/**
	 * SQL over every shard's tables.
	 */
	@Bean
	SqlTables shardTables(ShardStreams streams) {
		return new ShardTables(streams);
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	ClusterRoutes clusterRoutes(Cluster cluster, Partitions partitions, Ownership ownership, Queries queries,
			PriceStore store, ShardStreams streams, BufferAllocator rootAllocator, StoreProperties storeProperties,
			JsonMapper json, ClusterProperties properties, StreamProperties stream, MeterRegistry meters) {
		ConnectionProvider pool = ConnectionProvider.builder("candyflow-cluster")
			.maxConnections(256)
			.pendingAcquireTimeout(properties.forwardTimeout())
			.build();
		HttpClient client = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.forwardTimeout().toMillis()))
			.responseTimeout(properties.forwardTimeout());
		// what merged exports read the shards into and own offers are written from: as
		// much as the exports may take, so neither takes memory the history needs
		BufferAllocator allocator = rootAllocator.newChildAllocator("cluster", 0,
				storeProperties.exportMemory().toBytes());
		// an owner's stream is quiet for a heartbeat at most: twice that is a dead owner
		StreamMerge live = new StreamMerge(client, json, properties.forwardTimeout(),
				stream.heartbeat().multipliedBy(2), stream.tick(), stream.heartbeat(), stream.maxClients());
		return new ClusterRoutes(cluster, partitions, ownership, queries, store, client, streams, allocator, json,
				properties, meters, live);
	}

	/**
	 * The local stream that another instance merges names the partitions it comes from,
	 * as the instance's shard holds them when it starts; {@link ClusterRoutes} let it
	 * through only if they were the ones asked for, and the merging instance checks
	 * again.
	 */
	@Bean
	WebFilter shardStreamHeader(Ownership ownership) {
		return (exchange, chain) -> {
			ServerHttpRequest request = exchange.getRequest();
			if (request.getHeaders().getFirst(ClusterRoutes.HOP) != null
					&& "/stream".equals(request.getPath().pathWithinApplication().value())) {
				Ownership.View view = ownership.view();
				if (view.ready()) {
					exchange.getResponse()
						.getHeaders()
						.set(ClusterRoutes.PARTITIONS, ClusterRoutes.join(view.partitions()));
				}
			}
			return chain.filter(exchange);
		};
	}

	/**
	 * A per-candy answer the local routes give names the candy's partition.
	 */
	@Bean
	AnswerHeaders partitionHeader(Partitions partitions) {
		return (path, arguments, header) -> {
			String candy = arguments.get("candy_id");
			int count = partitions.count();
			if (candy != null && count > 0) {
				header.accept(ClusterRoutes.PARTITIONS, Integer.toString(Partitions.of(candy, count)));
			}
		};
	}

	/**
	 * And so does one WebFlux gives: {@code /export?candy_id=}, and every per-candy query
	 * when {@code candyflow.http.fast-routes=false}.
	 */
	@Bean
	WebFilter partitionHeaderFilter(AnswerHeaders partitionHeader) {
		return (exchange, chain) -> {
			ServerHttpResponse response = exchange.getResponse();
			String path = exchange.getRequest().getPath().value();
			if (!ClusterRoutes.PER_CANDY.contains(path)) {
				return chain.filter(exchange);
			}
			response.beforeCommit(() -> {
				HttpStatusCode status = response.getStatusCode();
				if (status != null && status.is2xxSuccessful()) {
					try {
						partitionHeader.add(path, QueryArguments.of(exchange.getRequest().getQueryParams()),
								response.getHeaders()::set);
					}
					catch (RuntimeException ex) {
						// a candy_id the route could not read either: no candy, no header
					}
				}
				return Mono.empty();
			});
			return chain.filter(exchange);
		};
	}

}
