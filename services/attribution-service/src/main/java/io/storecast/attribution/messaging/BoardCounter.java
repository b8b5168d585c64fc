package io.storecast.attribution.messaging;

import io.storecast.attribution.domain.BoardRow;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The leaderboard's session-keyed part: counts each fact once ({@code board-seen}: a viewer or a reservation once
 * per customer, an order and a click once per id), per session and store ({@code board-counts}), and every
 * {@code writeEvery} hands the boards that changed to the read model, whole.
 */
final class BoardCounter implements Processor<String, byte[], Void, Void> {

    static final String SEEN = "board-seen";
    static final String COUNTS = "board-counts";
    static final String DIRTY = "board-dirty";
    private static final Logger log = LoggerFactory.getLogger(BoardCounter.class);

    private final BiConsumer<String, List<BoardRow>> write;
    private final Duration writeEvery;
    private KeyValueStore<String, Long> seen;
    private KeyValueStore<String, String> counts;
    private KeyValueStore<String, Long> dirty;

    BoardCounter(BiConsumer<String, List<BoardRow>> write, Duration writeEvery) {
        this.write = write;
        this.writeEvery = writeEvery;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        seen = context.getStateStore(SEEN);
        counts = context.getStateStore(COUNTS);
        dirty = context.getStateStore(DIRTY);
        context.schedule(writeEvery, PunctuationType.WALL_CLOCK_TIME, t -> flush());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        BoardFact f = BoardFact.decode(record.value());
        if (f.kind() != 'P') {
            // a paid order's fact is already once per change (CustomerFacts' state); the others count once per id
            String once = f.sessionId() + "|" + f.kind() + "|" + f.storeId() + "|" + f.id();
            if (seen.get(once) != null) {
                return;
            }
            seen.put(once, f.at());
        }
        String key = f.sessionId() + "|" + f.storeId();
        counts.put(key, BoardRow.decode(f.storeId(), counts.get(key)).add(f.kind(), f.amount()).encode());
        dirty.put(f.sessionId(), f.at());
    }

    private void flush() {
        List<String> sessions = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = dirty.all()) {
            it.forEachRemaining(kv -> sessions.add(kv.key));
        }
        for (String session : sessions) {
            List<BoardRow> rows = new ArrayList<>();
            String prefix = session + "|";
            try (KeyValueIterator<String, String> it = counts.prefixScan(prefix, Serdes.String().serializer())) {
                it.forEachRemaining(kv -> rows.add(BoardRow.decode(kv.key.substring(prefix.length()), kv.value)));
            }
            try {
                write.accept(session, rows);
                dirty.delete(session);
            } catch (RuntimeException e) {
                log.warn("could not write the leaderboard of session {}, trying again in {}: {}", session, writeEvery,
                        e.toString());
                return;
            }
        }
    }
}
