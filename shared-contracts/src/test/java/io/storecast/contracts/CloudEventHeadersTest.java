package io.storecast.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventHeadersTest {

    @Test
    void the_envelope_travels_as_cloudevents_binary_headers_and_comes_back_whole() {
        EventEnvelope e = new EventEnvelope("e-1", "storecast.orders.order-paid", 1,
                Instant.parse("2026-11-11T12:00:00Z"), "o-1", "order-service", "corr-1", "cause-1");
        Map<String, byte[]> h = CloudEventHeaders.toHeaders(e);
        assertThat(text(h, "ce_specversion")).isEqualTo("1.0");
        assertThat(text(h, "ce_id")).isEqualTo("e-1");
        assertThat(text(h, "ce_type")).isEqualTo("storecast.orders.order-paid");
        assertThat(text(h, "ce_source")).isEqualTo("/storecast/order-service");
        assertThat(text(h, "ce_time")).isEqualTo("2026-11-11T12:00:00Z");
        assertThat(text(h, "ce_subject")).isEqualTo("o-1");
        assertThat(text(h, "ce_schemaversion")).isEqualTo("1");
        assertThat(text(h, "content-type")).isEqualTo("application/json");
        assertThat(CloudEventHeaders.fromHeaders(h)).isEqualTo(e);
    }

    @Test
    void a_missing_header_is_named() {
        Map<String, byte[]> h = CloudEventHeaders.toHeaders(EventEnvelope.create(Events.ORDER_PAID, "o-1",
                "order-service", Instant.now(), null, null));
        h.remove("ce_id");
        assertThatThrownBy(() -> CloudEventHeaders.fromHeaders(h)).hasMessageContaining("ce_id");
    }

    private static String text(Map<String, byte[]> h, String k) {
        return new String(h.get(k), StandardCharsets.UTF_8);
    }
}
