package io.storecast.contracts;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of event payloads: ISO-8601 instants in UTC ({@link IsoInstants}), unknown properties ignored (so an
 * older reader accepts a newer, compatible payload), nulls omitted. Property names are canonicalized (Jackson's
 * default), so JSON is read from its UTF-8 bytes with each name found in a shared table rather than decoded to
 * characters and copied per event. That holds only while the names are few: what is written this way keys no map by
 * ids (the decision stream's books hold lists), since every new name makes the next parser copy the table (it did
 * once, when the rollups' state had maps keyed by entry and refund ids: docs/performance.md).
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .addModule(IsoInstants.module())
            .build();

    private EventJson() {
    }

    /** The mapper itself, for tests of how it is set up. */
    static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object payload) {
        return MAPPER.writeValueAsBytes(payload);
    }

    public static String writeString(Object payload) {
        return MAPPER.writeValueAsString(payload);
    }

    public static <T> T read(byte[] json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }
}
