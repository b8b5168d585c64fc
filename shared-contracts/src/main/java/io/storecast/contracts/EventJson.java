package io.storecast.contracts;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.module.blackbird.BlackbirdModule;

/**
 * The one JSON mapping of event payloads: ISO-8601 instants in UTC ({@link IsoInstants}), unknown properties ignored (so an
 * older reader accepts a newer, compatible payload), nulls omitted. Property names are canonicalized (Jackson's
 * default), so JSON is read from its UTF-8 bytes with each name found in a shared table rather than decoded to
 * characters and copied per event. That holds only while the names are few: what is written this way keys no map by
 * ids (the decision stream's books hold lists), since every new name makes the next parser copy the table (it did
 * once, when the rollups' state had maps keyed by entry and refund ids: docs/performance.md). Records are read and
 * written through {@link BlackbirdModule}'s generated accessors: databind 3.1 calls a record's constructor through
 * {@code MethodHandle.invokeWithArguments} (a method type made and interned per call) and each accessor through a
 * handle the JIT cannot inline, which was a fifth of the time to read a paid order's book (docs/performance.md,
 * "Jackson's handles").
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .addModule(IsoInstants.module())
            .addModule(new BlackbirdModule())
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
