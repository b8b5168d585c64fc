package io.storecast.room.messaging;

import io.micrometer.core.instrument.Counter;
import io.storecast.contracts.presence.ViewerDeparted;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.platform.messaging.ConsumedEvent;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.PoisonEventException;
import io.storecast.room.domain.Viewer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One partition of the presence topic (keyed by customer): keeps each viewer's state ({@link Viewer}) in a
 * RocksDB store keyed {@code session:customer}, and for each change that moves a session's counts sends a
 * {@link SessionDelta} keyed by session to the deltas topic, where {@link SessionCounter} sums them. Every
 * second the viewers that changed are written to the read model (whole values); which still wait for that
 * is a store of its own, so a crash between the two loses nothing. Stores, offsets, deltas and dead
 * letters commit together (exactly-once).
 */
final class ViewerPresence implements Processor<String, byte[], String, byte[]> {

    static final String VIEWERS = "viewers";
    static final String UNWRITTEN = "viewers-unwritten";
    static final String DELTAS = "deltas";
    static final String DEAD_LETTERS = "dead-letters";

    private static final Logger log = LoggerFactory.getLogger(ViewerPresence.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int WRITE_BATCH = 10_000;

    private final EventReader reader;
    private final Consumer<List<Viewer>> write;
    private final Duration writeEvery;
    private final Counter deadLettered;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, String> viewers;
    private KeyValueStore<String, Long> unwritten;

    ViewerPresence(EventReader reader, Consumer<List<Viewer>> write, Duration writeEvery, Counter deadLettered) {
        this.reader = reader;
        this.write = write;
        this.writeEvery = writeEvery;
        this.deadLettered = deadLettered;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        viewers = context.getStateStore(VIEWERS);
        unwritten = context.getStateStore(UNWRITTEN);
        context.schedule(writeEvery, PunctuationType.WALL_CLOCK_TIME, t -> writeViewers());
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
                Viewer before = viewer(j.sessionId(), j.customerId());
                change = before == null
                        ? Viewer.firstJoin(j.sessionId(), j.customerId(), event.envelope().eventId(), j.joinedAt(), j.ref())
                        : before.join(event.envelope().eventId(), j.joinedAt(), j.ref());
            }
            case ViewerDeparted d when complete(d.sessionId(), d.customerId()) && d.departedAt() != null -> {
                Viewer before = viewer(d.sessionId(), d.customerId());
                if (before == null) {
                    return;                  // a departure of someone never seen joining: nothing to count
                }
                change = before.depart(event.envelope().eventId(), d.departedAt());
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
        unwritten.put(key, record.timestamp());
        if (change.newViewers() != 0 || change.concurrentDelta() != 0 || change.newRef() != null) {
            SessionDelta delta = new SessionDelta(change.newViewers(), change.concurrentDelta(), change.newRef());
            context.forward(new Record<>(v.sessionId(), delta.encode().getBytes(StandardCharsets.UTF_8),
                    record.timestamp()), DELTAS);
        }
    }

    private Viewer viewer(String sessionId, String customerId) {
        String json = viewers.get(key(sessionId, customerId));
        return json == null ? null : JSON.readValue(json, Viewer.class);
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

    private void writeViewers() {
        List<String> keys = new ArrayList<>();
        List<Viewer> batch = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = unwritten.all()) {
            while (it.hasNext() && keys.size() < WRITE_BATCH) {
                String key = it.next().key;
                String json = viewers.get(key);
                if (json != null) {
                    batch.add(JSON.readValue(json, Viewer.class));
                }
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        try {
            write.accept(batch);
        } catch (RuntimeException e) {
            log.warn("could not write {} viewers, trying again in {}: {}", batch.size(), writeEvery, e.toString());
            return;
        }
        keys.forEach(unwritten::delete);
    }
}
