package io.storecast.attribution.messaging;

import io.micrometer.core.instrument.Timer;
import io.storecast.attribution.domain.Rollups;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sums the rows' movements per report row (keyed by the row's document, so one task owns each document) and writes
 * each changed document whole once the movements stop coming: they come in bursts, one a commit of the decision
 * stream, so a burst is written {@link #QUIET} after its last movement, in one write, and a stream of movements that
 * does not stop is written {@code writeEvery} after its first unwritten one. A write that fails is tried again
 * {@code writeEvery} later. Each movement's way from its event (the record's timestamp: the payment's, the refund's…)
 * to its row being written is timed, so how stale the reports are is visible where it is made.
 */
final class RowCounter implements Processor<String, byte[], Void, Void> {

    static final String ROWS = "rollup-rows";
    static final String DIRTY = "rollup-dirty";
    /** How long without a movement ends a burst; also how often the task looks. */
    static final Duration QUIET = Duration.ofMillis(10);
    private static final long NONE = -1;
    /**
     * The most movements timed in one write: while the store is down the rest go untimed, so memory stays bounded
     * (half a megabyte) however long it is down.
     */
    static final int MOST_TIMED = 1 << 16;
    private static final Logger log = LoggerFactory.getLogger(RowCounter.class);

    /** Where the documents go: by document id, each party's counters. */
    interface Sink {
        void write(Map<String, Map<String, long[]>> documents);
    }

    private final Sink sink;
    private final Duration writeEvery;
    private final Timer staleness;
    /** The event times of the movements not yet written (kept in memory only: a restart loses some timings). */
    private long[] unwritten = new long[1024];
    private int unwrittenCount;
    /** When the first movement not yet written came ({@link #NONE} when every one is written), and the last. */
    private long unwrittenSince = NONE;
    private long lastMovedAt;
    /** After a failed write, not before this. */
    private long retryAt;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, String> rows;
    private KeyValueStore<String, Long> dirty;

    RowCounter(Sink sink, Duration writeEvery, Timer staleness) {
        this.sink = sink;
        this.writeEvery = writeEvery;
        this.staleness = staleness;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        rows = context.getStateStore(ROWS);
        dirty = context.getStateStore(DIRTY);
        if (dirty.approximateNumEntries() > 0) {
            // restored unwritten (the task moved here, or the instance stopped before its write): due at the first look
            unwrittenSince = lastMovedAt = 0;
        }
        context.schedule(QUIET, PunctuationType.WALL_CLOCK_TIME, t -> maybeWrite());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RowDelta d = RowDelta.decode(record.value());
        String key = record.key() + "|" + d.row().split("\\|", 3)[2];
        rows.put(key, encode(Rollups.add(decode(rows.get(key)), d.counters())));
        dirty.put(record.key(), record.timestamp());
        lastMovedAt = context.currentSystemTimeMs();
        if (unwrittenSince == NONE) {
            unwrittenSince = lastMovedAt;
        }
        if (unwrittenCount == unwritten.length && unwrittenCount < MOST_TIMED) {
            unwritten = Arrays.copyOf(unwritten, unwrittenCount * 2);
        }
        if (unwrittenCount < unwritten.length) {
            unwritten[unwrittenCount++] = record.timestamp();
        }
    }

    private void maybeWrite() {
        long now = context.currentSystemTimeMs();
        if (unwrittenSince == NONE || now < retryAt
                || (now - lastMovedAt < QUIET.toMillis() && now - unwrittenSince < writeEvery.toMillis())) {
            return;
        }
        write(now);
    }

    private void write(long now) {
        Map<String, Map<String, long[]>> documents = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = dirty.all()) {
            it.forEachRemaining(kv -> changed.add(kv.key));
        }
        for (String bucket : changed) {
            Map<String, long[]> parties = new LinkedHashMap<>();
            String prefix = bucket + "|";
            try (KeyValueIterator<String, String> it = rows.prefixScan(prefix, Serdes.String().serializer())) {
                it.forEachRemaining(kv -> parties.put(kv.key.substring(prefix.length()), decode(kv.value)));
            }
            documents.put(bucket, parties);
        }
        if (documents.isEmpty()) {
            unwrittenSince = NONE;
            unwrittenCount = 0;
            return;
        }
        try {
            sink.write(documents);
            changed.forEach(dirty::delete);
            unwrittenSince = NONE;
            for (int i = 0; i < unwrittenCount; i++) {
                staleness.record(Math.max(0, now - unwritten[i]), TimeUnit.MILLISECONDS);
            }
            unwrittenCount = 0;
        } catch (RuntimeException e) {
            retryAt = now + writeEvery.toMillis();
            log.warn("could not write {} report rollup documents, trying again in {}: {}", documents.size(),
                    writeEvery, e.toString());
        }
    }

    private static long[] decode(String s) {
        long[] c = new long[Rollups.WIDTH];
        if (s != null) {
            String[] f = s.split(",");
            for (int i = 0; i < c.length; i++) {
                c[i] = Long.parseLong(f[i]);
            }
        }
        return c;
    }

    private static String encode(long[] c) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < c.length; i++) {
            b.append(i == 0 ? "" : ",").append(c[i]);
        }
        return b.toString();
    }
}
