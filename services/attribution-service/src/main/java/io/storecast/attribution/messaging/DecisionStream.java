package io.storecast.attribution.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.attribution.application.Attributions;
import io.storecast.attribution.application.Bookkeeping;
import io.storecast.attribution.application.ReferenceCatchUp;
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

import java.util.ArrayList;
import java.util.List;

/**
 * The decisions and the ledger as an exactly-once Kafka Streams application keyed by customer (ADR 0008): every topic
 * a decision reads — presence, orders, fulfilment, and HQ's adjustments — is keyed by customer, so each customer's
 * books ({@link CustomerBooks}) are state of one task, read and changed at memory speed, and a payment's decision, its
 * entries and their events commit together with the offsets that caused them. Mongo holds what the APIs, the close and
 * the statements read, written from the stream's changes by {@link DecisionReadModel}. Each change of an order's books
 * also moves the finance reports' rows by the difference (ADR 0007), sent keyed by the rows' document to the
 * {@code -by-row} topic that {@link ReportRows} sums; and a paid order's fact for its live session's leaderboard goes
 * to the leaderboard stream's by-session topic when its credit is decided or moved.
 */
@Component
class DecisionStream extends StreamsApp {

    static final List<String> SOURCES = List.of(Topics.ORDERS, Topics.PRESENCE, Topics.FULFILMENT);

    /** What the stream reads: the sources, and HQ's adjustments (its own topic, keyed by customer like them). */
    static List<String> inputs(String app) {
        List<String> in = new ArrayList<>(SOURCES);
        in.add(Attributions.adjustmentsTopic(app));
        return in;
    }

    DecisionStream(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                   @Value("${spring.application.name}") String app,
                   @Value("${storecast.decisions.state-dir:}") String stateDir,
                   // a transaction every 250 ms: with every order's fulfilment assignment coming back within it, the
                   // path kept 2,000 paid orders/s throughout in four runs of six, against none of six at 100 ms
                   // (docs/performance.md, "Fulfilment in the loop")
                   @Value("${storecast.decisions.commit-every-ms:250}") long commitEveryMs,
                   EventReader reader, Bookkeeping books, ReferenceCatchUp catchUp, MeterRegistry meters) {
        super(group(app), bootstrap, stateDir, commitEveryMs,
                topology(app, reader, books, catchUp, new DeadLetters(group(app), meters), meters), meters);
    }

    static String group(String app) {
        return app + "-decisions";
    }

    /** The topic of the changes the read model is written from. */
    static String changes(String app) {
        return group(app) + "-changes";
    }

    static Topology topology(String app, EventReader reader, Bookkeeping books, ReferenceCatchUp catchUp,
                             DeadLetters dead, MeterRegistry meters) {
        Topology t = new Topology()
                .addSource("in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                        inputs(app).toArray(String[]::new))
                .addProcessor("books", () -> new CustomerBooks(reader, Attributions.adjustmentsTopic(app), books,
                        catchUp, dead, meters), "in")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CustomerBooks.STORE),
                        Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), "books")
                .addSink(CustomerBooks.ATTRIBUTIONS, Topics.ATTRIBUTIONS, Serdes.String().serializer(),
                        Serdes.ByteArray().serializer(), "books")
                .addSink(CustomerBooks.LEDGER, Topics.COMMISSION_LEDGER, Serdes.String().serializer(),
                        Serdes.ByteArray().serializer(), "books")
                .addSink(CustomerBooks.CHANGES, changes(app), Serdes.String().serializer(),
                        Serdes.ByteArray().serializer(), "books")
                .addSink(CustomerBooks.ROWS, RowDelta.topic(app), Serdes.String().serializer(),
                        Serdes.ByteArray().serializer(), "books")
                // a paid order's fact for its session's leaderboard, counted there (LeaderboardStream)
                .addSink(CustomerBooks.BOARD, LeaderboardStream.internal(app, "by-session"),
                        Serdes.String().serializer(), Serdes.ByteArray().serializer(), "books");
        for (String source : inputs(app)) {
            t.addSink(DeadLetters.sink(source), dead.topic(source), Serdes.String().serializer(),
                    Serdes.ByteArray().serializer(), "books");
        }
        return t;
    }

    /** The changes and rows topics (as many partitions as the topics read) and the stream's dead-letter topics. */
    @Configuration
    static class Topics_ {

        @Bean
        KafkaAdmin.NewTopics decisionTopics(@Value("${spring.application.name}") String app, StorecastProperties props) {
            List<NewTopic> topics = new ArrayList<>();
            topics.add(TopicBuilder.name(changes(app)).partitions(props.partitions()).replicas(1).build());
            topics.add(TopicBuilder.name(RowDelta.topic(app)).partitions(props.partitions()).replicas(1).build());
            topics.add(TopicBuilder.name(Attributions.adjustmentsTopic(app)).partitions(props.partitions()).replicas(1)
                    .build());
            for (String source : inputs(app)) {
                topics.add(TopicBuilder.name(Topics.deadLetter(source, group(app))).partitions(1).replicas(1).build());
            }
            return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
        }
    }
}
