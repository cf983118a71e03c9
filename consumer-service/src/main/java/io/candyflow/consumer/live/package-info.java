/**
 * Live updates for the dashboard: {@code GET /stream}, Server-Sent Events of the cheapest
 * offer per candy.
 * <p>
 * The Kafka listener never knows about clients. A ticker thread looks at the store a few
 * times a second, and only if its published {@code ingested} count moved does it read the
 * per-candy summaries and work out which candies changed ({@link CandyBoard}). Each
 * client then gets one event per tick at most, with the latest values of what changed
 * since the last event it took, so bursts of updates coalesce. Sends run on a bounded
 * pool, one at a time per client; a client whose send does not finish within the send
 * timeout is dropped (see {@link PriceBroadcaster}, and {@link ResponseEventSink} for how
 * a write on a Reactor Netty response is known to have reached the socket).
 */
package io.candyflow.consumer.live;
