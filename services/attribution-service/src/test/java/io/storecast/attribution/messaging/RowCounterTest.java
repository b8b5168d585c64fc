package io.storecast.attribution.messaging;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storecast.attribution.domain.Rollups;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The row counter alone, on Kafka Streams' mock context with in-memory stores, for what takes too many records for the
 * test driver ({@code ReportRowsTest}): a long outage of the store.
 */
class RowCounterTest {

    private static final long START = 1_796_040_000_000L;

    @Test
    void while_the_store_is_down_every_movement_is_summed_and_at_most_65_536_of_them_timed() {
        Timer staleness = ReportRows.staleness(new SimpleMeterRegistry());
        Map<String, Map<String, long[]>> written = new HashMap<>();
        int[] failingWrites = {1};
        RowCounter counter = new RowCounter(docs -> {
            if (failingWrites[0]-- > 0) {
                throw new IllegalStateException("store unavailable");
            }
            written.putAll(docs);
        }, Duration.ofSeconds(1), staleness);
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        KeyValueStore<String, String> rows = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(RowCounter.ROWS), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        KeyValueStore<String, Long> dirty = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(RowCounter.DIRTY), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        rows.init(context.getStateStoreContext(), rows);
        dirty.init(context.getStateStoreContext(), dirty);
        context.addStateStore(rows);
        context.addStateStore(dirty);
        context.setCurrentSystemTimeMs(START);
        counter.init(context);

        RowDelta d = new RowDelta("2026-11|STORE|s1", new long[] {1, 100, 0, 5, 0, 0});
        for (int i = 0; i < RowCounter.MOST_TIMED + 4_464; i++) {
            counter.process(new Record<>(d.bucket(), d.encode(), START));
        }
        Punctuator look = context.scheduledPunctuators().getFirst().getPunctuator();
        context.setCurrentSystemTimeMs(START + 2_000);
        look.punctuate(START + 2_000);      // the store is down
        assertThat(written).isEmpty();
        context.setCurrentSystemTimeMs(START + 4_000);
        look.punctuate(START + 4_000);

        assertThat(written.get(Rollups.bucket("2026-11", "STORE", "s1")).get("s1"))
                .containsExactly(70_000, 7_000_000, 0, 350_000, 0, 0);
        assertThat(staleness.count()).isEqualTo(65_536);
        assertThat(staleness.max(TimeUnit.MILLISECONDS)).isEqualTo(4_000);
    }
}
