package io.storecast.contracts;

import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of event payloads: ISO-8601 instants in UTC ({@link IsoInstants}), unknown properties ignored (so an
 * older reader accepts a newer, compatible payload), nulls omitted. Property names are not canonicalized: the
 * services also keep state in this form whose maps are keyed by ids (an order's entries by entry id, its refunds by
 * refund id), and every new name would make the next parser copy the shared symbol table (a quarter of the report
 * rollup stream's CPU samples, measured with JFR) for a saving of a few short strings per event.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES).build())
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
