package io.storecast.distribution.messaging;

import io.micrometer.core.instrument.Counter;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.distribution.application.Funnels.HourCount;
import io.storecast.distribution.domain.ClickVisit;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.PoisonEventException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Counts one partition's click events into its state stores: each click id once, each visitor once per
 * link and hour (both remembered in one RocksDB store, keyed by hour first; see {@link ClickVisit}). Every second it writes the counters that changed to the funnel read model (whole values,
 * so a repeated write is harmless); which counters still wait for that is a store of its own, so a crash
 * between counting and writing loses nothing. Under exactly-once processing the stores, the input offsets
 * and the dead letters commit together. Keys of clicks and visits older than the dedupe period are dropped.
 */
final class FunnelCounter implements Processor<String, byte[], String, byte[]> {

    static final String KEYS = "funnel-keys";
    static final String COUNTS = "funnel-counts";
    static final String UNWRITTEN = "funnel-unwritten";
    static final String DEAD_LETTERS = "dead-letters";

    private static final Logger log = LoggerFactory.getLogger(FunnelCounter.class);
    private static final int WRITE_BATCH = 5_000;

    private final EventReader reader;
    private final Consumer<List<HourCount>> write;
    private final Duration writeEvery;
    private final Duration dedupeFor;
    private final Clock clock;
    private final Counter deadLettered;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, Long> keys;
    private KeyValueStore<String, String> counts;
    private KeyValueStore<String, Long> unwritten;

    FunnelCounter(EventReader reader, Consumer<List<HourCount>> write, Duration writeEvery, Duration dedupeFor, Clock clock,
                  Counter deadLettered) {
        this.reader = reader;
        this.write = write;
        this.writeEvery = writeEvery;
        this.dedupeFor = dedupeFor;
        this.clock = clock;
        this.deadLettered = deadLettered;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        keys = context.getStateStore(KEYS);
        counts = context.getStateStore(COUNTS);
        unwritten = context.getStateStore(UNWRITTEN);
        context.schedule(writeEvery, PunctuationType.WALL_CLOCK_TIME, t -> writeCounts());
        context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, t -> dropOldKeys());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        LinkClicked click;
        try {
            click = reader.read(record.headers(), record.value(), where()).map(e -> e.payload())
                    .filter(LinkClicked.class::isInstance).map(LinkClicked.class::cast).orElse(null);
        } catch (PoisonEventException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        if (click == null) {
            return;
        }
        if (click.clickId() == null || click.code() == null || click.visitorId() == null
                || click.clickedAt() == null) {
            // readable but incomplete: counting it would fail on every retry and stop the partition
            deadLetter(record, "click without clickId, code, visitorId or clickedAt at " + where());
            return;
        }
        String clickKey = ClickVisit.clickKey(click.clickId(), click.clickedAt());
        if (keys.get(clickKey) != null) {
            return;                                      // the same click delivered again
        }
        keys.put(clickKey, 1L);
        String countKey = ClickVisit.countKey(click.code(), click.clickedAt());
        long[] n = decode(counts.get(countKey));
        n[0]++;
        String visitKey = ClickVisit.visitKey(click.code(), click.visitorId(), click.clickedAt());
        if (keys.get(visitKey) == null) {
            keys.put(visitKey, 1L);
            n[1]++;
        }
        counts.put(countKey, n[0] + "," + n[1]);
        unwritten.put(countKey, 1L);
    }

    private void deadLetter(Record<String, byte[]> record, String why) {
        log.warn("dead-lettering a click record: {}", why);
        context.forward(record, DEAD_LETTERS);
        deadLettered.increment();
    }

    private String where() {
        return context.recordMetadata().map(m -> m.topic() + "/" + m.partition() + "@" + m.offset()).orElse("?");
    }

    private void writeCounts() {
        List<String> keys = new ArrayList<>();
        List<HourCount> batch = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = unwritten.all()) {
            while (it.hasNext() && keys.size() < WRITE_BATCH) {
                String key = it.next().key;
                long[] n = decode(counts.get(key));
                int split = key.lastIndexOf(':');
                batch.add(new HourCount(key.substring(0, split),
                        Instant.ofEpochSecond(Long.parseLong(key.substring(split + 1)) * 3600), n[0], n[1]));
                keys.add(key);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            write.accept(batch);
        } catch (RuntimeException e) {
            log.warn("could not write {} funnel counters, trying again in {}: {}", batch.size(), writeEvery,
                    e.toString());
            return;
        }
        keys.forEach(unwritten::delete);
    }

    /** Clicks and visits of hours before the dedupe period cannot be redelivered to count again: drop them. */
    private void dropOldKeys() {
        String before = ClickVisit.hourKey(clock.instant().minus(dedupeFor));
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = keys.range(null, before)) {
            it.forEachRemaining((KeyValue<String, Long> kv) -> old.add(kv.key));
        }
        old.forEach(keys::delete);
    }

    private static long[] decode(String value) {
        if (value == null) {
            return new long[]{0, 0};
        }
        int comma = value.indexOf(',');
        return new long[]{Long.parseLong(value.substring(0, comma)), Long.parseLong(value.substring(comma + 1))};
    }
}
