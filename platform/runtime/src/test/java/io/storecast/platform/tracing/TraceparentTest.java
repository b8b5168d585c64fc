package io.storecast.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.storecast.contracts.Events;
import io.storecast.contracts.rooms.RoomCreated;
import io.storecast.platform.outbox.OutboxRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace context an event is made in, and the header it is sent with. */
class TraceparentTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736", SPAN = "00f067aa0ba902b7";

    @Test
    void an_event_made_inside_a_span_carries_its_trace_context_as_the_traceparent_header() {
        Span span = Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()));
        OutboxRecord event;
        try (Scope ignored = span.makeCurrent()) {
            assertThat(Traceparent.current()).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
            event = created();
        }
        assertThat(event.traceparent()).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
        assertThat(new String(event.toProducerRecord().headers().lastHeader("traceparent").value(),
                StandardCharsets.UTF_8)).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
        assertThat(Traceparent.traceId(event.traceparent())).isEqualTo(TRACE);
    }

    @Test
    void outside_any_span_there_is_no_trace_context_and_no_header_until_one_is_given() {
        assertThat(Traceparent.current()).isNull();
        OutboxRecord event = created();
        assertThat(event.traceparent()).isNull();
        assertThat(event.toProducerRecord().headers().lastHeader("traceparent")).isNull();

        OutboxRecord given = event.withTraceparent("00-" + TRACE + "-" + SPAN + "-00");
        assertThat(new String(given.toProducerRecord().headers().lastHeader("traceparent").value(),
                StandardCharsets.UTF_8)).isEqualTo("00-" + TRACE + "-" + SPAN + "-00");
        assertThat(given.eventId()).isEqualTo(event.eventId());
    }

    @Test
    void only_a_w3c_traceparent_has_a_trace_id() {
        assertThat(Traceparent.traceId(null)).isNull();
        assertThat(Traceparent.traceId("not-a-traceparent")).isNull();
        assertThat(Traceparent.traceId("00-" + TRACE + "-" + SPAN + "-01")).isEqualTo(TRACE);
    }

    private static OutboxRecord created() {
        Instant at = Instant.parse("2026-12-06T12:00:00Z");
        return OutboxRecord.of(Events.ROOM_CREATED, "r-1", "r-1", "/storecast/room-service", at,
                new RoomCreated("r-1", "HQ", null, "HQ live", "https://live.example.com/hq", at), null, null);
    }
}
