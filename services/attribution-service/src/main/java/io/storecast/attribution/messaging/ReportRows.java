package io.storecast.attribution.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.storecast.attribution.application.Reports;
import io.storecast.platform.streams.StreamsApp;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The finance reports' rows (ADR 0007) as an exactly-once Kafka Streams application of their own: the movements the
 * decision stream sends, keyed by the rows' document, are summed per row ({@link RowCounter}) and each changed
 * document is written whole to Mongo once a burst of them is in (at the latest {@code storecast.reports.write-every-ms}
 * after the first unwritten one). A stream apart from the decisions, so a slow or absent store delays the reports
 * only, never a payment's decision.
 */
@Component
class ReportRows extends StreamsApp {

    ReportRows(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
               @Value("${spring.application.name}") String app,
               @Value("${storecast.reports.state-dir:}") String stateDir,
               @Value("${storecast.reports.write-every-ms:100}") long writeEveryMs,
               @Value("${storecast.reports.commit-every-ms:200}") long commitEveryMs,
               Reports reports, MeterRegistry meters) {
        super(app + "-rows", bootstrap, stateDir, commitEveryMs, topology(app, reports::writeRollups,
                Duration.ofMillis(writeEveryMs), staleness(meters)), meters);
        // the rows' movements are a few hundred kB a second at a broadcast's peak: a fetch waiting for 64 KiB would
        // hold each of them up to 100 ms on its way to the report
        fetchEagerly();
        // a burst is in when nothing came for RowCounter.QUIET, which a thread waiting 100 ms in its poll would see
        // up to 100 ms late
        waitForRecordsAtMost(RowCounter.QUIET);
    }

    /** How far the reports are behind: from each movement's event to its row being written to Mongo. */
    static Timer staleness(MeterRegistry meters) {
        return Timer.builder("storecast.reports.staleness")
                .description("time from an event (a payment, a refund, a completion) to the report row it moves "
                        + "being written, per row movement")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    static Topology topology(String app, RowCounter.Sink write, Duration writeEvery, Timer staleness) {
        return new Topology()
                .addSource("rows-in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                        RowDelta.topic(app))
                .addProcessor("rows", () -> new RowCounter(write, writeEvery, staleness), "rows-in")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RowCounter.ROWS),
                        Serdes.String(), Serdes.String()).withCachingEnabled(), "rows")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RowCounter.DIRTY),
                        Serdes.String(), Serdes.Long()).withCachingEnabled(), "rows");
    }
}
