package io.candyflow.consumer.flight;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/**
 * {@code candyflow.flight.calls}: a timer per Flight method ({@code get_flight_info},
 * {@code do_get}, {@code do_action}, ...) and outcome (the status code: {@code ok},
 * {@code invalid_argument}, {@code cancelled}, ...).
 */
final class CallMetrics implements FlightServerMiddleware.Factory<CallMetrics.Call> {

	static final FlightServerMiddleware.Key<Call> KEY = FlightServerMiddleware.Key.of("candyflow-metrics");

	private final MeterRegistry registry;

	CallMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Call onCallStarted(CallInfo info, CallHeaders incomingHeaders, RequestContext context) {
		return new Call(info.method().name().toLowerCase(Locale.ROOT), System.nanoTime());
	}

	final class Call implements FlightServerMiddleware {

		private final String method;

		private final long start;

		Call(String method, long start) {
			this.method = method;
			this.start = start;
		}

		@Override
		public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
		}

		@Override
		public void onCallCompleted(CallStatus status) {
			Timer.builder("candyflow.flight.calls")
				.description("Arrow Flight calls, by method and outcome")
				.tag("method", this.method)
				.tag("outcome", status.code().name().toLowerCase(Locale.ROOT))
				.register(CallMetrics.this.registry)
				.record(System.nanoTime() - this.start, TimeUnit.NANOSECONDS);
		}

		@Override
		public void onCallErrored(Throwable err) {
			// onCallCompleted follows, with the status
		}

	}

}
