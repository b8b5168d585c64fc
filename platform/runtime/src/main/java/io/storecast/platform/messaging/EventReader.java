package io.storecast.platform.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.contracts.CloudEventHeaders;
import io.storecast.contracts.EventEnvelope;
import io.storecast.contracts.EventJson;
import io.storecast.contracts.EventType;
import io.storecast.contracts.Events;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a Kafka record into a typed event by its CloudEvents type and schema version, counting what
 * it reads. A record it cannot read is poison ({@link PoisonEventException}): no retry, dead letter.
 */
public class EventReader {

    private final MeterRegistry meters;

    public EventReader(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * Whether the record names its type and that type is none of {@code wanted}: a consumer that handles only some
     * of a topic's types skips the rest without parsing them (a record without a type is left to {@link #read}, which
     * dead-letters it).
     */
    public static boolean namesNoneOf(Headers headers, java.util.Set<String> wanted) {
        String type = text(headers, CloudEventHeaders.TYPE);
        return type != null && !wanted.contains(type);
    }

    /** The text of a record's last header of that name, or null when it has none. */
    public static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    public Optional<ConsumedEvent<?>> read(ConsumerRecord<String, byte[]> record) {
        return read(record.headers(), record.value(), record.topic() + "/" + record.partition() + "@" + record.offset());
    }

    /** The same for a record that does not come as a {@code ConsumerRecord} (a Kafka Streams processor's). */
    public Optional<ConsumedEvent<?>> read(Headers recordHeaders, byte[] value, String where) {
        EventEnvelope envelope;
        try {
            Map<String, byte[]> headers = new HashMap<>();
            for (Header h : recordHeaders) {
                headers.put(h.key(), h.value());
            }
            envelope = CloudEventHeaders.fromHeaders(headers);
        } catch (RuntimeException e) {
            throw new PoisonEventException("unreadable event headers at " + where + ": " + e.getMessage(), e);
        }
        Optional<EventType<?>> type = Events.find(envelope.type(), envelope.schemaVersion());
        if (type.isEmpty()) {
            meters.counter("storecast.events.ignored", "type", envelope.type()).increment();
            return Optional.empty();
        }
        Object payload;
        try {
            payload = EventJson.read(value, type.get().payloadType());
        } catch (RuntimeException e) {
            throw new PoisonEventException("unreadable " + envelope.type() + " payload " + envelope.eventId()
                    + ": " + e.getMessage(), e);
        }
        meters.counter("storecast.events.consumed", "type", envelope.type()).increment();
        return Optional.of(new ConsumedEvent<>(envelope, payload));
    }
}
