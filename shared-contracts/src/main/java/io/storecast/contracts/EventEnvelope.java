package io.storecast.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The metadata every integration event carries, whatever its payload. On Kafka it travels as
 * CloudEvents binary-mode headers (see {@link CloudEventHeaders}); the record value is the payload.
 *
 * @param eventId       unique per event; consumers deduplicate on it
 * @param type          the event type name, e.g. {@code storecast.orders.order-paid}; never a Java class name
 * @param schemaVersion the version of the payload's JSON Schema
 * @param occurredAt    when the fact happened
 * @param aggregateId   the entity the event is about (CloudEvents {@code subject})
 * @param source        the producing service (CloudEvents {@code source})
 * @param correlationId the id shared by every event of one business flow
 * @param causationId   the id of the event or request that caused this one
 */
public record EventEnvelope(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String aggregateId,
        String source,
        String correlationId,
        String causationId) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(source, "source");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1");
        }
    }

    /** A new envelope for an event that starts a flow, or continues one when correlationId is given. */
    public static EventEnvelope create(EventType<?> type, String aggregateId, String source, Instant occurredAt,
                                       String correlationId, String causationId) {
        String id = UUID.randomUUID().toString();
        return new EventEnvelope(id, type.name(), type.version(), occurredAt, aggregateId, source,
                correlationId == null ? id : correlationId, causationId);
    }
}
