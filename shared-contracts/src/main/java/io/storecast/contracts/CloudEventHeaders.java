package io.storecast.contracts;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps the {@link EventEnvelope} to CloudEvents 1.0 Kafka protocol binding headers (binary content
 * mode): {@code ce_id}, {@code ce_type}, {@code ce_source}, {@code ce_time}, {@code ce_subject},
 * {@code ce_specversion}, {@code content-type}, and the extensions {@code ce_schemaversion},
 * {@code ce_correlationid}, {@code ce_causationid}. Any CloudEvents consumer can read our events.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String SCHEMA_VERSION = "ce_schemaversion";
    public static final String CORRELATION_ID = "ce_correlationid";
    public static final String CAUSATION_ID = "ce_causationid";
    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {
    }

    public static Map<String, byte[]> toHeaders(EventEnvelope e) {
        Map<String, byte[]> h = new LinkedHashMap<>();
        put(h, SPEC_VERSION, "1.0");
        put(h, ID, e.eventId());
        put(h, TYPE, e.type());
        put(h, SOURCE, "/storecast/" + e.source());
        put(h, TIME, IsoInstants.format(e.occurredAt()));
        put(h, SUBJECT, e.aggregateId());
        put(h, DATA_SCHEMA, "urn:storecast:schema:" + e.type() + ":v" + e.schemaVersion());
        put(h, SCHEMA_VERSION, Integer.toString(e.schemaVersion()));
        put(h, CONTENT_TYPE, "application/json");
        if (e.correlationId() != null) {
            put(h, CORRELATION_ID, e.correlationId());
        }
        if (e.causationId() != null) {
            put(h, CAUSATION_ID, e.causationId());
        }
        return h;
    }

    /** Reads the envelope back; fails with {@link IllegalArgumentException} naming the missing header. */
    public static EventEnvelope fromHeaders(Map<String, byte[]> h) {
        String source = required(h, SOURCE);
        return new EventEnvelope(
                required(h, ID),
                required(h, TYPE),
                Integer.parseInt(required(h, SCHEMA_VERSION)),
                IsoInstants.read(required(h, TIME)),
                required(h, SUBJECT),
                source.startsWith("/storecast/") ? source.substring("/storecast/".length()) : source,
                optional(h, CORRELATION_ID),
                optional(h, CAUSATION_ID));
    }

    private static void put(Map<String, byte[]> h, String k, String v) {
        h.put(k, v.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(Map<String, byte[]> h, String k) {
        String v = optional(h, k);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("missing CloudEvents header " + k);
        }
        return v;
    }

    private static String optional(Map<String, byte[]> h, String k) {
        byte[] v = h.get(k);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
