package io.storecast.distribution.messaging;

import io.storecast.platform.messaging.DeadLettered;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.contracts.Topics;
import io.storecast.distribution.application.Funnels;
import io.storecast.distribution.application.Funnels.HourCount;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.streams.StreamsApp;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Kafka Streams application that turns {@code storecast.link-clicks.v1} into funnels (see {@link
 * FunnelCounter}), exactly once, with its state in RocksDB stores backed by changelog topics: a broadcast
 * launch's clicks cost no database write each, and several instances share the partitions. State lives
 * in {@code storecast.funnels.state-dir} (a temporary folder when not set, see {@link StreamsApp}).
 */
@Component
class FunnelStream extends StreamsApp {

    FunnelStream(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                 @Value("${spring.application.name}") String app,
                 @Value("${storecast.funnels.state-dir:}") String stateDir,
                 @Value("${storecast.funnels.write-every-ms:1000}") long writeEveryMs,
                 @Value("${storecast.funnels.commit-every-ms:1000}") long commitEveryMs,
                 @Value("${storecast.funnels.dedupe-days:7}") long dedupeDays,
                 EventReader reader, Funnels funnels, Clock clock, MeterRegistry meters) {
        super(app + "-funnels", bootstrap, stateDir, commitEveryMs, topology(app, reader, funnels::write,
                Duration.ofMillis(writeEveryMs), Duration.ofDays(dedupeDays), clock,
                DeadLettered.counter(meters, Topics.LINK_CLICKS, app)), meters);
    }

    static Topology topology(String app, EventReader reader, Consumer<List<HourCount>> write, Duration writeEvery,
                             Duration dedupeFor, Clock clock, Counter deadLettered) {
        return new Topology()
                .addSource("clicks", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                        Topics.LINK_CLICKS)
                .addProcessor("count", () -> new FunnelCounter(reader, write, writeEvery, dedupeFor, clock,
                        deadLettered), "clicks")
                // one key per click and per visitor-hour: on disk
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FunnelCounter.KEYS),
                        Serdes.String(), Serdes.Long()), "count")
                // one entry per link and hour: in memory, restored from their changelogs at start
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FunnelCounter.COUNTS),
                        Serdes.String(), Serdes.String()).withCachingEnabled(), "count")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FunnelCounter.UNWRITTEN),
                        Serdes.String(), Serdes.Long()).withCachingEnabled(), "count")
                .addSink(FunnelCounter.DEAD_LETTERS, Topics.deadLetter(Topics.LINK_CLICKS, app),
                        Serdes.String().serializer(), Serdes.ByteArray().serializer(), "count");
    }
}
