package io.storecast.platform.web;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Request instants are ISO-8601 with an offset ({@code 2026-11-11T20:00:00+08:00} or {@code …Z}) between
 * the years 1970 and 9999. Anything else is a 400 naming the field, instead of a value that would fail
 * later, deep in a driver, as a 500.
 */
public final class PlausibleInstantDeserializer extends StdScalarDeserializer<Instant> {

    private static final Instant MIN = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

    public PlausibleInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
        if (!p.hasToken(JsonToken.VALUE_STRING)) {
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
        String text = p.getString().trim();
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                    "not an ISO-8601 time with offset, e.g. 2026-11-11T12:00:00Z");
        }
        if (at.isBefore(MIN) || at.isAfter(MAX)) {
            return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "outside the years 1970 to 9999");
        }
        return at;
    }
}
