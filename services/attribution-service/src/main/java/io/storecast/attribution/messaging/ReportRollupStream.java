package io.storecast.attribution.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.attribution.application.AttributionSettings;
import io.storecast.attribution.application.Reports;
import io.storecast.contracts.Topics;
import io.storecast.platform.StorecastRuntimeAutoConfiguration.StorecastProperties;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.streams.StreamsApp;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The finance reports' running sums (see {@link io.storecast.attribution.domain.Rollups}) as an exactly-once Kafka
 * Streams application, so a month of a million entries is read as a few documents and the payment path writes no
 * report state of its own: each order's sales come from the payments, decisions and refunds on the customer-keyed
 * topics, its entries from the ledger topic with its completion re-keyed by order, and their movements are summed
 * per row and written to Mongo whole, per document, every {@code storecast.reports.write-every-ms}.
 */
@Component
class ReportRollupStream extends StreamsApp {

    static final String TO_ORDERS = "to-orders";
    static final String TO_ROWS = "to-rows";

    ReportRollupStream(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                       @Value("${spring.application.name}") String app,
                       @Value("${storecast.reports.state-dir:}") String stateDir,
                       @Value("${storecast.reports.write-every-ms:500}") long writeEveryMs,
                       @Value("${storecast.reports.commit-every-ms:200}") long commitEveryMs,
                       EventReader reader, Reports reports, AttributionSettings settings, MeterRegistry meters) {
        super(app + "-rollups", bootstrap, stateDir, commitEveryMs, topology(app, reader, reports::writeRollups,
                Duration.ofMillis(writeEveryMs), settings.timeZone(), new DeadLetters(app + "-rollups", meters)),
                meters);
    }

    /** The stream's own topics: completions by order, row movements by document. */
    static String internal(String app, String what) {
        return app + "-rollups-" + what;
    }

    static final List<String> SOURCES = List.of(Topics.ORDERS, Topics.ATTRIBUTIONS, Topics.COMMISSION_LEDGER);

    static Topology topology(String app, EventReader reader, RowCounter.Sink write, Duration writeEvery, ZoneId zone,
                             DeadLetters dead) {
        String completions = internal(app, "by-order");
        Topology t = new Topology()
                .addSource("sales-in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                        Topics.ORDERS, Topics.ATTRIBUTIONS)
                .addProcessor("sales", () -> new OrderRollup(reader, dead, zone, true, completions), "sales-in")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OrderRollup.SALES),
                        Serdes.String(), Serdes.String()).withCachingEnabled(), "sales")
                .addSink(TO_ORDERS, completions, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                        "sales")
                .addSource("entries-in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                        Topics.COMMISSION_LEDGER, completions)
                .addProcessor("entries", () -> new OrderRollup(reader, dead, zone, false, completions), "entries-in")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OrderRollup.ENTRIES),
                        Serdes.String(), Serdes.String()).withCachingEnabled(), "entries")
                .addSink(TO_ROWS, internal(app, "by-row"), Serdes.String().serializer(),
                        Serdes.ByteArray().serializer(), "sales", "entries")
                .addSource("rows-in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                        internal(app, "by-row"))
                .addProcessor("rows", () -> new RowCounter(write, writeEvery), "rows-in")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RowCounter.ROWS),
                        Serdes.String(), Serdes.String()).withCachingEnabled(), "rows")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RowCounter.DIRTY),
                        Serdes.String(), Serdes.Long()).withCachingEnabled(), "rows");
        // every source topic's unreadable records go to the stream's own dead-letter topic for it
        for (String source : SOURCES) {
            t.addSink(DeadLetters.sink(source), dead.topic(source), Serdes.String().serializer(),
                    Serdes.ByteArray().serializer(), source.equals(Topics.COMMISSION_LEDGER) ? "entries" : "sales");
        }
        return t;
    }

    /** The stream's internal topics (as many partitions as the topics they re-key) and dead-letter topics. */
    @Configuration
    static class Topics_ {

        @Bean
        KafkaAdmin.NewTopics rollupTopics(@Value("${spring.application.name}") String app, StorecastProperties props) {
            List<NewTopic> topics = new ArrayList<>();
            for (String what : List.of("by-order", "by-row")) {
                topics.add(TopicBuilder.name(internal(app, what)).partitions(props.partitions()).replicas(1).build());
            }
            for (String source : SOURCES) {
                topics.add(TopicBuilder.name(Topics.deadLetter(source, app + "-rollups")).partitions(1).replicas(1)
                        .build());
            }
            return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
        }
    }
}
