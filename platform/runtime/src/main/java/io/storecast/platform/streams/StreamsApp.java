package io.storecast.platform.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * One exactly-once Kafka Streams application run for as long as the Spring context: started and stopped
 * with it, its metrics bound to the registry, a failed stream thread replaced. State lives in {@code
 * stateDir}, or, when that is blank, in a fresh temporary folder that is restored from the changelogs at
 * start and removed at stop. A service's stream extends this with its own topology.
 */
public class StreamsApp implements SmartLifecycle {

    private final Properties config = new Properties();
    private final Topology topology;
    private final MeterRegistry meters;
    private final boolean temporaryState;
    private final Path stateDir;
    private KafkaStreams streams;
    private KafkaStreamsMetrics metrics;
    private String queryHost;
    private ApplicationContext queryContext;

    protected StreamsApp(String applicationId, String bootstrap, String stateDir, long commitEveryMs,
                         Topology topology, MeterRegistry meters) {
        this.topology = topology;
        this.meters = meters;
        try {
            this.temporaryState = stateDir == null || stateDir.isBlank();
            this.stateDir = temporaryState ? Files.createTempDirectory(applicationId) : Path.of(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.putAll(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, applicationId,
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.STATE_DIR_CONFIG, this.stateDir.toString(),
                // read models are looked at by people: a transaction a second rather than ten is fresh enough
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitEveryMs,
                StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemory.class.getName(),
                StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest",
                // fewer, fuller fetches: the 4.1 consumer builds metric names on every fetch of every
                // partition (a quarter of all allocation under a join burst, JFR), and the read models
                // are written once a second anyway
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 64 * 1024,
                StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 100));
        // A commit flushes the producer and waits until the broker has acknowledged every record. Kafka Streams
        // lingers 100 ms by default, as long as the decision stream's commit interval, so nearly every record sat in
        // its batch until the commit sent it, and that stream's thread spent about a third of its time waiting in the
        // flush (docs/performance.md, "Where the decision stream's thread waits"); a tenth of the interval sends them
        // while it runs. So the decision stream, which then committed every 100 ms, lingered 10 ms (25 ms since it
        // commits every 250 ms), the streams that commit every 200 ms 20 ms (not measured apart), and those that
        // commit once a second keep the 100 ms.
        config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), lingerMs(commitEveryMs));
        // One produce request in flight, for every stream: with five, a new transaction's first request answered
        // CONCURRENT_TRANSACTIONS (transactions v2: the previous one's markers not yet written) made the requests
        // behind it out of sequence, and all were sent again after a backoff that the commit's flush waits for: 4 to
        // 8 requests refused in four of ten runs of attribution-service (three times the decision stream's, once the
        // leaderboard's), none in the sixteen runs with one (same section).
        // Kafka Streams wants an Integer here under exactly-once.
        config.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        config.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), BATCH_BYTES);
    }

    /**
     * The most a produce request carries per partition. A commit writes the stores' cached changes to their changelogs
     * all at once, then flushes; with one request in flight and the default 16 KiB, a decision stream's commit at
     * 2,000 orders/s (a megabyte or more of the books' changelog over three partitions) went out in dozens of
     * requests one after the other, the stream's thread waiting for all of them (docs/performance.md, "The commit's
     * flush, request by request"). Each open batch takes this much of the producer's 32 MiB buffer, so 128 partitions
     * can each have one at a time; a stream writing to more at once waits for room (the decision stream writes about
     * twenty with three partitions a topic).
     */
    static final int BATCH_BYTES = 256 * 1024;

    /** How long the producer waits to fill a batch: a tenth of the commit interval, at most Kafka Streams' 100 ms. */
    static long lingerMs(long commitEveryMs) {
        return Math.min(100, commitEveryMs / 10);
    }

    /** The settings the streams are started with (for tests). */
    Properties settings() {
        return config;
    }

    /**
     * For a stream whose output people watch live: each fetch answers as soon as a record is there, instead of
     * waiting up to 100 ms for a fuller one at every hop; call before {@link #start()}.
     */
    protected void fetchEagerly() {
        config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 1);
    }

    /**
     * How long the thread waits in a poll for records before it runs its wall-clock punctuations again; Kafka Streams
     * waits 100 ms, so a punctuation due right after the last record of a burst runs up to 100 ms late. For a stream
     * whose punctuation writes what people read as soon as a burst is in; call before {@link #start()}.
     */
    protected void waitForRecordsAtMost(Duration wait) {
        config.put(StreamsConfig.POLL_MS_CONFIG, wait.toMillis());
    }

    /**
     * Where this instance answers queries of its stores ({@code host:port}), so other instances can find
     * the owner of a key (interactive queries); call before {@link #start()}.
     */
    protected void advertise(String hostAndPort) {
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, hostAndPort);
    }

    /**
     * Answers queries of its stores at {@code host} and the web server's port, advertised at {@link #start()}: the
     * web server starts in an earlier lifecycle phase, so its port is known by then.
     */
    protected void answerQueries(String host, ApplicationContext context) {
        this.queryHost = host;
        this.queryContext = context;
    }

    /** The streams while every partition is assigned and restored, for queries of their stores; else null. */
    protected KafkaStreams runningStreams() {
        KafkaStreams s = streams;
        return s != null && s.state() == KafkaStreams.State.RUNNING ? s : null;
    }

    /** This instance's advertised {@code host:port}, or null when it answers no queries. */
    public String advertised() {
        return config.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
    }

    /** The running streams, for queries of their state stores; null when stopped. */
    protected KafkaStreams streams() {
        return streams;
    }

    @Override
    public synchronized void start() {
        if (queryContext instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            advertise(queryHost + ":" + web.getWebServer().getPort());
        }
        streams = new KafkaStreams(topology, config);
        streams.setUncaughtExceptionHandler(e ->
                StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD);
        // tagged as the listeners' consumers are (spring.id): Micrometer keeps, of the meters sharing a name, only those
        // with the most tags, so untagged, the streams' consumers lost their lag to the listeners'
        metrics = new KafkaStreamsMetrics(streams,
                Tags.of("spring.id", config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)));
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
    public boolean isProcessing() {
        KafkaStreams s = streams;
        return s != null && s.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * All RocksDB stores of the JVM share one block cache that also bounds their write buffers, so state
     * stores cost a fixed amount of memory however many partitions an instance holds. Index and filter
     * blocks stay out of it: a lookup of a key that is not there (most of them) must not read them back
     * from disk each time.
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
