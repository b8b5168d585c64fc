package io.storecast.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The W3C trace context of the span current on this thread, as a {@code traceparent} header value
 * ({@code 00-<trace id>-<span id>-<flags>}): an HTTP request's (Micrometer's observation of it, continuing a caller's
 * {@code traceparent}), or a consumed record's. Events carry it, so one order can be followed from checkout to its
 * ledger entries across the services, whether or not that trace was sampled for export.
 */
public final class Traceparent {

    public static final String HEADER = "traceparent";

    private Traceparent() {
    }

    /** The current span's trace context, or null when no span is current (a background thread, say). */
    public static String current() {
        SpanContext c = Span.current().getSpanContext();
        return c.isValid() ? "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex() : null;
    }

    /** The trace id of a {@code traceparent} value, or null when it is not one. */
    public static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : null;
    }
}
