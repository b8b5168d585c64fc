package io.storecast.platform.outbox;

import io.storecast.contracts.CloudEventHeaders;
import io.storecast.contracts.EventEnvelope;
import io.storecast.contracts.EventJson;
import io.storecast.contracts.EventType;
import io.storecast.platform.tracing.Traceparent;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * An event waiting to be published, stored inside the very document whose change it announces, so
 * the state and the event are written in one atomic single-document write (no transactions needed).
 * The {@link OutboxRelay} sends it to Kafka and then removes it from the document. It keeps the trace context it was
 * made in ({@link Traceparent}), sent as the record's {@code traceparent} header however much later it is sent, so
 * the consumers continue the trace of the request or event that caused it.
 */
public record OutboxRecord(String eventId, String type, int schemaVersion, String topic, String key,
                           String aggregateId, String source, Instant occurredAt, String correlationId,
                           String causationId, String payload, String traceparent) {

    public static <T> OutboxRecord of(EventType<T> type, String key, String aggregateId, String source,
                                      Instant occurredAt, T payload, String correlationId, String causationId) {
        EventEnvelope e = EventEnvelope.create(type, aggregateId, source, occurredAt, correlationId, causationId);
        return new OutboxRecord(e.eventId(), e.type(), e.schemaVersion(), type.topic(), key, aggregateId, source,
                occurredAt, e.correlationId(), e.causationId(), EventJson.writeString(payload), Traceparent.current());
    }

    /**
     * An event with an id derived from something already unique (e.g. a ledger entry id), so that a
     * consumer re-running after a crash produces the very same event and no duplicate.
     */
    public static <T> OutboxRecord withId(String eventId, EventType<T> type, String key, String aggregateId,
                                          String source, Instant occurredAt, T payload, String correlationId,
                                          String causationId) {
        return new OutboxRecord(eventId, type.name(), type.version(), type.topic(), key, aggregateId, source,
                occurredAt, correlationId == null ? eventId : correlationId, causationId,
                EventJson.writeString(payload), Traceparent.current());
    }

    /** This event in the trace context given (made elsewhere than on the thread of the request that caused it). */
    public OutboxRecord withTraceparent(String traceparent) {
        return new OutboxRecord(eventId, type, schemaVersion, topic, key, aggregateId, source, occurredAt,
                correlationId, causationId, payload, traceparent);
    }

    /** The Kafka record: key, JSON payload as value, the envelope as CloudEvents headers. */
    public ProducerRecord<String, byte[]> toProducerRecord() {
        ProducerRecord<String, byte[]> pr = new ProducerRecord<>(topic, key, payload.getBytes(StandardCharsets.UTF_8));
        CloudEventHeaders.toHeaders(envelope()).forEach((k, v) -> pr.headers().add(new RecordHeader(k, v)));
        if (traceparent != null) {
            pr.headers().add(Traceparent.HEADER, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        return pr;
    }

    public EventEnvelope envelope() {
        return new EventEnvelope(eventId, type, schemaVersion, occurredAt, aggregateId, source, correlationId,
                causationId);
    }
}
