package io.candyflow.consumer.query;

import io.candyflow.consumer.web.Route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hot read endpoints as Reactor Netty routes: the answers of {@link Queries}, written
 * by {@link OfferJson}. The controllers of the same paths document them and serve them
 * when the routes are off.
 */
@Configuration(proxyBeanMethods = false)
class QueryRoutes {

	@Bean
	Route cheapestRoute(Queries queries) {
		return new Route("/cheapest", (arguments, out) -> OfferJson.offer(out, queries.cheapest(arguments)));
	}

	@Bean
	Route offersRoute(Queries queries) {
		return new Route("/offers", (arguments, out) -> OfferJson.offers(out, queries.offers(arguments)));
	}

	@Bean
	Route candiesRoute(Queries queries) {
		return new Route("/candies", (arguments, out) -> OfferJson.candies(out, queries.candies()));
	}

	@Bean
	Route statsRoute(Queries queries) {
		return new Route("/stats", (arguments, out) -> OfferJson.stats(out, queries.stats()));
	}

	@Bean
	Route historyRoute(Queries queries) {
		return new Route("/history", (arguments, out) -> OfferJson.offers(out, queries.history(arguments)));
	}

}
