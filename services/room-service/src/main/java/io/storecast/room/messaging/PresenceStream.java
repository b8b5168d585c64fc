package io.storecast.room.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.contracts.Topics;
import io.storecast.room.application.PresenceReadModel;
import io.storecast.room.domain.SessionCount;
import io.storecast.room.domain.Viewer;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.streams.StreamsApp;
import io.micrometer.core.instrument.Counter;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The Kafka Streams application that turns {@code storecast.presence.v1} into presence: {@link
 * ViewerPresence} per customer partition, then, through the deltas topic keyed by session, {@link
 * SessionCounter} per session. Exactly once, state in stores backed by changelogs, so a million joins cost
 * no database round trip each and several instances share the partitions. State lives in {@code
 * storecast.presence.state-dir} (a temporary folder when not set, see {@link StreamsApp}).
 */
@Component
class PresenceStream extends StreamsApp {

    PresenceStream(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                   @Value("${spring.application.name}") String app,
                   @Value("${storecast.presence.state-dir:}") String stateDir,
                   @Value("${storecast.presence.write-every-ms:1000}") long writeEveryMs,
                   @Value("${storecast.presence.commit-every-ms:1000}") long commitEveryMs,
                   EventReader reader, PresenceReadModel readModel, MeterRegistry meters) {
        super(app + "-presence", bootstrap, stateDir, commitEveryMs, topology(app, reader, readModel::writeViewers,
                readModel::writeSessions, Duration.ofMillis(writeEveryMs),
                meters.counter("storecast.events.dead-lettered", "topic", Topics.PRESENCE)), meters);
    }

    /** The internal topic from viewers to sessions, keyed by session id. */
    static String deltasTopic(String app) {
        return app + "-presence-session-deltas";
    }

    static Topology topology(String app, EventReader reader, Consumer<List<Viewer>> writeViewers,
                             BiConsumer<Map<String, SessionCount>, Map<String, Long>> writeSessions,
                             Duration writeEvery, Counter deadLettered) {
        return new Topology()
                .addSource("presence", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                        Topics.PRESENCE)
                .addProcessor("viewers", () -> new ViewerPresence(reader, writeViewers, writeEvery, deadLettered),
                        "presence")
                // one entry per customer and session: on disk
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ViewerPresence.VIEWERS),
                        Serdes.String(), Serdes.String()), "viewers")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ViewerPresence.UNWRITTEN),
                        Serdes.String(), Serdes.Long()).withCachingEnabled(), "viewers")
                .addSink(ViewerPresence.DELTAS, deltasTopic(app), Serdes.String().serializer(),
                        Serdes.ByteArray().serializer(), "viewers")
                .addSink(ViewerPresence.DEAD_LETTERS, Topics.deadLetter(Topics.PRESENCE, app),
                        Serdes.String().serializer(), Serdes.ByteArray().serializer(), "viewers")
                .addSource("deltas-in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                        deltasTopic(app))
                .addProcessor("sessions", () -> new SessionCounter(writeSessions, writeEvery), "deltas-in")
                // one entry per session and per session and ref: in memory, restored from changelogs at start
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SessionCounter.COUNTS),
                        Serdes.String(), Serdes.String()).withCachingEnabled(), "sessions")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SessionCounter.REFS),
                        Serdes.String(), Serdes.Long()).withCachingEnabled(), "sessions")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SessionCounter.UNWRITTEN),
                        Serdes.String(), Serdes.Long()).withCachingEnabled(), "sessions");
    }
}
