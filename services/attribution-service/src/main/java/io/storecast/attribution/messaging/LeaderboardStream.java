package io.storecast.attribution.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.storecast.attribution.application.Leaderboards;
import io.storecast.contracts.Topics;
import io.storecast.platform.StorecastRuntimeAutoConfiguration.StorecastProperties;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.streams.StreamsApp;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live leaderboard (PRODUCT.md, Real-time and review) as an exactly-once Kafka Streams application, so a
 * broadcast's joins, clicks and orders cost no database round trip each and several instances share the work: facts are
 * taken from the customer-keyed topics and the clicks ({@link CustomerFacts}) and resolved to a store where they are
 * read, through the links as a global store ({@link LinkJoin}); a click on a room's link goes on to the room's current
 * session ({@link RoomJoin}, keyed by room; it also passes on pins, unpins and the end); a paid order's fact, for the
 * store its decision in force credits, comes from the decision stream ({@link CustomerBooks}); every fact is counted
 * per session ({@link BoardCounter}). So a viewer or an order is re-keyed once, to its session. The live board is read
 * from the counter's store where it is kept ({@link LiveBoardQueries}: this instance's, or another's over HTTP at the
 * web server's port it advertises), each fetch answering as soon as a record is there; a copy of every changed board
 * goes to Mongo every {@code storecast.leaderboard.write-every-ms} (2 s: for the review, and the board while no
 * instance can answer), with each store's follow-up list once the session has ended.
 */
@Component
class LeaderboardStream extends StreamsApp {

    static final String TO_ROOMS = "to-rooms";
    static final String TO_SESSIONS = "to-sessions";

    LeaderboardStream(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                      @Value("${spring.application.name}") String app,
                      @Value("${storecast.leaderboard.state-dir:}") String stateDir,
                      @Value("${storecast.leaderboard.write-every-ms:2000}") long writeEveryMs,
                      @Value("${storecast.leaderboard.commit-every-ms:200}") long commitEveryMs,
                      @Value("${storecast.leaderboard.advertised-host:127.0.0.1}") String advertisedHost,
                      EventReader reader, Leaderboards boards, ApplicationContext context, MeterRegistry meters) {
        super(app + "-leaderboard", bootstrap, stateDir, commitEveryMs, topology(app, reader, sink(boards,
                staleness(meters)), Duration.ofMillis(writeEveryMs), new DeadLetters(app + "-leaderboard", meters)),
                meters);
        fetchEagerly();
        answerQueries(advertisedHost, context);
    }

    /** For {@link LiveBoardQueries}: the streams while every partition is assigned and restored, else null. */
    KafkaStreams running() {
        return runningStreams();
    }

    /** How far the boards' copy in Mongo is behind: from an event's publication to the copy counting it. */
    private static Timer staleness(MeterRegistry meters) {
        return Timer.builder("storecast.leaderboard.staleness")
                .description("age of the oldest event a board's copy in Mongo counts for the first time, when written "
                        + "(the live board, read from the stream, is fresher)")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    private static BoardCounter.Sink sink(Leaderboards boards, Timer staleness) {
        return new BoardCounter.Sink() {
            @Override
            public void board(BoardCounter.Snapshot s) {
                boards.write(s.sessionId(), s.stores(), s.staff(), s.segments(), s.unpinned().paidOrders(),
                        s.unpinned().paidGmv(), s.endedAt());
                staleness.record(Math.max(0, System.currentTimeMillis() - s.oldestEventAt()), TimeUnit.MILLISECONDS);
            }

            @Override
            public void followUps(String sessionId, Map<String, List<String>> viewersWhoDidNotBuy) {
                boards.writeFollowUps(sessionId, viewersWhoDidNotBuy);
            }
        };
    }

    /**
     * The stream's own topics: clicks by room, facts by session (where the decision stream also sends the paid
     * orders' facts).
     */
    static String internal(String app, String what) {
        return app + "-leaderboard-" + what;
    }

    /** The sources whose unreadable records the stream dead-letters (the links' are the service consumer's). */
    static final List<String> SOURCES = List.of(Topics.PRESENCE, Topics.ORDERS, Topics.LINK_CLICKS, Topics.ROOMS);

    static Topology topology(String app, EventReader reader, BoardCounter.Sink write, Duration writeEvery,
                             DeadLetters dead) {
        Topology t = new Topology()
                .addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LinkJoin.LINKS),
                        Serdes.String(), Serdes.String()).withLoggingDisabled(), "links-in",
                        Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.LINKS, "links",
                        () -> new LinkJoin.Recorder(reader))
                .addSource("facts-in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                        Topics.PRESENCE, Topics.ORDERS, Topics.LINK_CLICKS)
                .addProcessor("customers", () -> new CustomerFacts(reader, dead), "facts-in")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LinkJoin.WAITING),
                        Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), "customers")
                .addSink(TO_ROOMS, internal(app, "by-room"), Serdes.String().serializer(),
                        Serdes.ByteArray().serializer(), "customers")
                .addSource("rooms-in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                        Topics.ROOMS, internal(app, "by-room"))
                .addProcessor("rooms", () -> new RoomJoin(reader, dead), "rooms-in")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RoomJoin.ROOMS),
                        Serdes.String(), Serdes.String()).withCachingEnabled(), "rooms")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RoomJoin.WAITING),
                        Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), "rooms")
                .addSink(TO_SESSIONS, internal(app, "by-session"), Serdes.String().serializer(),
                        Serdes.ByteArray().serializer(), "customers", "rooms")
                .addSource("sessions-in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                        internal(app, "by-session"))
                .addProcessor("boards", () -> new BoardCounter(write, writeEvery), "sessions-in")
                // a key per fact, order or buyer, seldom written again (an adjustment, a buyer's next order): a cache
                // in front saves few writes and adds its sorted-map lookups to every read and write, the board
                // thread's hottest code under a broadcast's payments
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BoardCounter.SEEN),
                        Serdes.String(), Serdes.Long()), "boards")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BoardCounter.COUNTS),
                        Serdes.String(), Serdes.String()).withCachingEnabled(), "boards")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BoardCounter.STAFF),
                        Serdes.String(), Serdes.String()).withCachingEnabled(), "boards")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BoardCounter.ORDERS),
                        Serdes.String(), Serdes.String()), "boards")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BoardCounter.BUYERS),
                        Serdes.String(), Serdes.Long()), "boards")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BoardCounter.SESSIONS),
                        Serdes.String(), Serdes.String()).withCachingEnabled(), "boards")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BoardCounter.DIRTY),
                        Serdes.String(), Serdes.Long()).withCachingEnabled(), "boards");
        // every source topic's unreadable records go to the stream's own dead-letter topic for it
        t.addSink(DeadLetters.sink(Topics.PRESENCE), dead.topic(Topics.PRESENCE), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "customers");
        t.addSink(DeadLetters.sink(Topics.ORDERS), dead.topic(Topics.ORDERS), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "customers");
        t.addSink(DeadLetters.sink(Topics.LINK_CLICKS), dead.topic(Topics.LINK_CLICKS), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "customers");
        t.addSink(DeadLetters.sink(Topics.ROOMS), dead.topic(Topics.ROOMS), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), "rooms");
        return t;
    }

    /** The stream's internal topics (as many partitions as the topics they re-key) and dead-letter topics. */
    @Configuration
    static class Topics_ {

        @Bean
        KafkaAdmin.NewTopics leaderboardTopics(@Value("${spring.application.name}") String app,
                                               StorecastProperties props) {
            List<NewTopic> topics = new ArrayList<>();
            for (String what : List.of("by-room", "by-session")) {
                topics.add(TopicBuilder.name(internal(app, what)).partitions(props.partitions()).replicas(1).build());
            }
            for (String source : SOURCES) {
                topics.add(TopicBuilder.name(Topics.deadLetter(source, app + "-leaderboard")).partitions(1).replicas(1)
                        .build());
            }
            return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
        }
    }
}
