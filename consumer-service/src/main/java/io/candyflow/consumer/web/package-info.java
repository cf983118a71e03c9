/**
 * The consumer's fast HTTP path: routes that Reactor Netty answers itself, on port 8080
 * ahead of Spring WebFlux, registered through Spring Boot's {@code NettyRouteProvider}.
 * <p>
 * Measured on the project machine, the dispatch layers and the per-request Observation of
 * a Spring web stack cost two thirds of the throughput of a {@code /cheapest} answer
 * (DESIGN.md, "The HTTP stack of the consumer"). A {@link Route} skips both: its handler
 * reads the query string ({@link QueryArguments}), writes JSON straight into a Netty
 * buffer ({@link JsonOutput}) and throws Spring's {@code ErrorResponse} exceptions for
 * problems, which are answered as the same {@code application/problem+json} WebFlux
 * writes. {@code http.server.requests} is recorded from meters resolved once per route
 * and status, with the tags WebFlux's observation uses. Everything else (Actuator,
 * springdoc, the dashboard, SSE, export) stays WebFlux.
 */
package io.candyflow.consumer.web;
