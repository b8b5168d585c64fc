package io.storecast.room.messaging;

import io.micrometer.core.instrument.Counter;
import io.storecast.contracts.presence.ViewerDeparted;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.platform.messaging.ConsumedEvent;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.PoisonEventException;
import io.storecast.room.domain.Viewer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

/**
 * One partition of the presence topic (keyed by customer): keeps each viewer's state ({@link Viewer}) in a
 * RocksDB store keyed {@code session:customer}, queried where it lives ({@link PresenceQueries}), and for
 * each change that moves a session's counts sends a {@link SessionDelta} keyed by session to the deltas
 * topic, where {@link SessionCounter} sums them. Stores, offsets, deltas and dead letters commit together
 * (exactly-once). No database write per join.
 */
final class ViewerPresence implements Processor<String, byte[], String, byte[]> {

    static final String VIEWERS = "viewers";
    static final String DELTAS = "deltas";
    static final String DEAD_LETTERS = "dead-letters";

    private static final Logger log = LoggerFactory.getLogger(ViewerPresence.class);
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventReader reader;
    private final Counter deadLettered;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, String> viewers;

    ViewerPresence(EventReader reader, Counter deadLettered) {
        this.reader = reader;
        this.deadLettered = deadLettered;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        viewers = context.getStateStore(VIEWERS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ConsumedEvent<?> event;
        try {
            event = reader.read(record.headers(), record.value(), where()).orElse(null);
        } catch (PoisonEventException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        if (event == null) {
            return;
        }
        Viewer.Change change;
        switch (event.payload()) {
            case ViewerJoined j when complete(j.sessionId(), j.customerId()) && j.joinedAt() != null -> {
                change = viewer(j.sessionId(), j.customerId()).join(event.envelope().eventId(), j.joinedAt(),
                        j.ref());
            }
            case ViewerDeparted d when complete(d.sessionId(), d.customerId()) && d.departedAt() != null -> {
                // a departure can come before its join (one parked while Kafka was slow): it is kept
                change = viewer(d.sessionId(), d.customerId()).depart(event.envelope().eventId(), d.departedAt());
            }
            case ViewerJoined j -> {
                deadLetter(record, "join without sessionId, customerId or joinedAt at " + where());
                return;
            }
            case ViewerDeparted d -> {
                deadLetter(record, "departure without sessionId, customerId or departedAt at " + where());
                return;
            }
            default -> {
                return;                      // reservations and older event types: not presence
            }
        }
        if (!change.changed()) {
            return;                          // the same event delivered again
        }
        Viewer v = change.viewer();
        String key = key(v.sessionId(), v.customerId());
        viewers.put(key, JSON.writeValueAsString(v));
        if (change.newViewers() != 0 || change.concurrentDelta() != 0 || change.newRef() != null) {
            SessionDelta delta = new SessionDelta(change.newViewers(), change.concurrentDelta(), change.newRef());
            context.forward(new Record<>(v.sessionId(), delta.encode().getBytes(StandardCharsets.UTF_8),
                    record.timestamp()), DELTAS);
        }
    }

    private Viewer viewer(String sessionId, String customerId) {
        String json = viewers.get(key(sessionId, customerId));
        return json == null ? Viewer.none(sessionId, customerId) : JSON.readValue(json, Viewer.class);
    }

    private static boolean complete(String sessionId, String customerId) {
        return sessionId != null && !sessionId.isBlank() && customerId != null && !customerId.isBlank();
    }

    static String key(String sessionId, String customerId) {
        return sessionId + ":" + customerId;
    }

    private void deadLetter(Record<String, byte[]> record, String why) {
        log.warn("dead-lettering a presence record: {}", why);
        context.forward(record, DEAD_LETTERS);
        deadLettered.increment();
    }

    private String where() {
        return context.recordMetadata().map(m -> m.topic() + "/" + m.partition() + "@" + m.offset()).orElse("?");
    }
}
