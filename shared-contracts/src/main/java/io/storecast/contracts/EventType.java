package io.storecast.contracts;

/**
 * One version of one event: its wire name, schema version, payload record and topic.
 * The schema file is {@code schemas/<name>/v<version>.schema.json} on the classpath.
 */
public record EventType<T>(String name, int version, Class<T> payloadType, String topic) {

    public String schemaResource() {
        return "schemas/" + name + "/v" + version + ".schema.json";
    }
}
