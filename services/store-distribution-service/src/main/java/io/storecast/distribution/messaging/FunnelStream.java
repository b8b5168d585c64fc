package io.storecast.distribution.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.storecast.contracts.Topics;
import io.storecast.distribution.application.Funnels;
import io.storecast.distribution.application.Funnels.HourCount;
import io.storecast.platform.messaging.EventReader;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.apache.kafka.streams.state.Stores;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Properties;

/**
 * The Kafka Streams application that turns {@code storecast.link-clicks.v1} into funnels (see {@link
 * FunnelCounter}), exactly once, with its state in RocksDB stores backed by changelog topics: a broadcast
 * launch's clicks cost no database write each, and several instances share the partitions. State lives
 * in {@code storecast.funnels.state-dir}, or, when that is not set, in a fresh temporary folder that is
 * restored from the changelogs at start and removed at stop.
 */
@Component
class FunnelStream implements SmartLifecycle {

    private final Properties config = new Properties();
    private final Topology topology;
    private final MeterRegistry meters;
    private final boolean temporaryState;
    private final Path stateDir;
    private KafkaStreams streams;
    private KafkaStreamsMetrics metrics;

    FunnelStream(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                 @Value("${spring.application.name}") String app,
                 @Value("${storecast.funnels.state-dir:}") String stateDir,
                 @Value("${storecast.funnels.write-every-ms:1000}") long writeEveryMs,
                 @Value("${storecast.funnels.commit-every-ms:1000}") long commitEveryMs,
                 @Value("${storecast.funnels.dedupe-days:7}") long dedupeDays,
                 EventReader reader, Funnels funnels, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        try {
            this.temporaryState = stateDir.isBlank();
            this.stateDir = temporaryState ? Files.createTempDirectory("storecast-funnels") : Path.of(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.putAll(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, app + "-funnels",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.STATE_DIR_CONFIG, this.stateDir.toString(),
                // a transaction a second rather than ten: funnels are read by people, a second late is fine
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitEveryMs,
                StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemory.class.getName(),
                StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest"));
        topology = topology(app, reader, funnels::write, Duration.ofMillis(writeEveryMs), Duration.ofDays(dedupeDays),
                clock, meters.counter("storecast.events.dead-lettered", "topic", Topics.LINK_CLICKS));
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

    @Override
    public synchronized void start() {
        streams = new KafkaStreams(topology, config);
        streams.setUncaughtExceptionHandler(e ->
                StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(meters);
        streams.start();
    }

    @Override
    public synchronized void stop() {
        if (streams == null) {
            return;
        }
        metrics.close();
        streams.close(Duration.ofSeconds(20));
        streams = null;
        if (temporaryState) {
            try {
                FileSystemUtils.deleteRecursively(stateDir);
            } catch (IOException e) {
                // a leftover temporary folder is harmless
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return streams != null;
    }

    /** Whether every partition is assigned and restored (tests and health wait for it). */
    boolean isProcessing() {
        KafkaStreams s = streams;
        return s != null && s.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * All RocksDB stores of the JVM share one block cache that also bounds their write buffers, so the
     * funnel state's caches cost a fixed amount of memory however many partitions an instance holds. Index
     * and filter blocks stay out of it: a lookup of a key that is not there (most of them) must not read
     * them back from disk each time.
     */
    public static final class BoundedMemory implements RocksDBConfigSetter {

        private static final Cache CACHE;
        private static final WriteBufferManager BUFFERS;

        static {
            RocksDB.loadLibrary();
            CACHE = new LRUCache(64L << 20);
            BUFFERS = new WriteBufferManager(32L << 20, CACHE);
        }

        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
            table.setBlockCache(CACHE);
            options.setWriteBufferManager(BUFFERS);
            options.setTableFormatConfig(table);
        }

        @Override
        public void close(String storeName, Options options) {
            // the cache and the buffer manager are shared by every store: they live as long as the JVM
        }
    }
}
