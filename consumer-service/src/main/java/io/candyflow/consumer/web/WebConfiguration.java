package io.candyflow.consumer.web;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts every {@link Route} bean on the Netty server, unless
 * {@code candyflow.http.fast-routes} is {@code false}: then WebFlux answers those paths
 * too, through the controllers that document them (the same answers, slower).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(NettyRouteProvider.class)
class WebConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(WebConfiguration.class);

	@Bean
	@ConditionalOnBooleanProperty(name = "candyflow.http.fast-routes", matchIfMissing = true)
	FastRoutes fastRoutes(ObjectProvider<Route> routes, MeterRegistry registry, JsonMapper json,
			ObjectProvider<AnswerHeaders> headers) {
		List<Route> all = routes.orderedStream().toList();
		FastRoutes fastRoutes = new FastRoutes(all, registry, json, headers.getIfAvailable());
		logger.info("Reactor Netty answers {} itself", fastRoutes.paths());
		return fastRoutes;
	}

	/**
	 * Netty's pooled allocator for the server's connections instead of Netty 4.2's
	 * adaptive default: in two A/B rounds on two cores it cut {@code /cheapest}'s p50 and
	 * p99 at 10,000 req/s under ingest by a quarter or more (docs/benchmarks.md, issue
	 * 13).
	 */
	@Bean
	NettyServerCustomizer pooledAllocator() {
		return (server) -> server.childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
	}

}
