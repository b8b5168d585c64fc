package io.storecast.room.messaging;

import io.storecast.room.domain.SessionCount;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Sums one partition of the deltas topic (keyed by session) into each session's counts — watching now,
 * peak, unique viewers — and the distinct viewers per ref, and every second writes those that changed to
 * the read model. The peak is the highest number watching at once as the deltas arrive.
 */
final class SessionCounter implements Processor<String, byte[], Void, Void> {

    static final String COUNTS = "session-counts";
    static final String REFS = "session-refs";
    static final String UNWRITTEN = "sessions-unwritten";

    private static final Logger log = LoggerFactory.getLogger(SessionCounter.class);
    private static final int WRITE_BATCH = 10_000;

    private final BiConsumer<Map<String, SessionCount>, Map<String, Long>> write;
    private final Duration writeEvery;
    private KeyValueStore<String, String> counts;
    private KeyValueStore<String, Long> refs;
    private KeyValueStore<String, Long> unwritten;

    SessionCounter(BiConsumer<Map<String, SessionCount>, Map<String, Long>> write, Duration writeEvery) {
        this.write = write;
        this.writeEvery = writeEvery;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        counts = context.getStateStore(COUNTS);
        refs = context.getStateStore(REFS);
        unwritten = context.getStateStore(UNWRITTEN);
        context.schedule(writeEvery, PunctuationType.WALL_CLOCK_TIME, t -> writeCounts());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        SessionDelta delta;
        try {
            delta = SessionDelta.decode(new String(record.value(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            log.error("skipping an unreadable session delta for {}: {}", record.key(), e.toString());
            return;
        }
        String session = record.key();
        SessionCount c = decode(counts.get(session)).add(delta.newViewers(), delta.concurrentDelta());
        counts.put(session, c.concurrent() + "," + c.peak() + "," + c.unique());
        unwritten.put(session, 0L);
        if (delta.ref() != null) {
            String refKey = session + "|" + delta.ref();
            Long n = refs.get(refKey);
            refs.put(refKey, n == null ? 1 : n + 1);
            unwritten.put(refKey, 0L);
        }
    }

    private void writeCounts() {
        List<String> keys = new ArrayList<>();
        Map<String, SessionCount> sessions = new LinkedHashMap<>();
        Map<String, Long> refCounts = new LinkedHashMap<>();
        try (KeyValueIterator<String, Long> it = unwritten.all()) {
            while (it.hasNext() && keys.size() < WRITE_BATCH) {
                String key = it.next().key;
                keys.add(key);
                if (key.indexOf('|') >= 0) {
                    Long n = refs.get(key);
                    if (n != null) {
                        refCounts.put(key, n);
                    }
                } else {
                    sessions.put(key, decode(counts.get(key)));
                }
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        try {
            write.accept(sessions, refCounts);
        } catch (RuntimeException e) {
            log.warn("could not write the counts of {} sessions, trying again in {}: {}", sessions.size(), writeEvery,
                    e.toString());
            return;
        }
        keys.forEach(unwritten::delete);
    }

    private static SessionCount decode(String value) {
        if (value == null) {
            return SessionCount.NONE;
        }
        String[] p = value.split(",");
        return new SessionCount(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
    }
}
