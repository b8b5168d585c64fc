package io.storecast.room.messaging;

import io.storecast.platform.messaging.DeadLettered;
import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.contracts.Topics;
import io.storecast.room.application.SessionCounts;
import io.storecast.room.application.ViewerStates;
import io.storecast.room.domain.SessionCount;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.streams.StreamsApp;
import io.micrometer.core.instrument.Counter;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The Kafka Streams application that turns {@code storecast.presence.v1} into presence: {@link
 * ViewerPresence} per customer partition, then, through the deltas topic keyed by session, {@link
 * SessionCounter} per session. Exactly once, state in stores backed by changelogs, so a million joins cost
 * no database round trip each and several instances share the partitions; each instance advertises its
 * {@code storecast.presence.advertised-host} and web port so the others can query the viewers it holds.
 * State lives in {@code storecast.presence.state-dir} (a temporary folder when not set, see {@link
 * StreamsApp}).
 */
@Component
class PresenceStream extends StreamsApp {

    PresenceStream(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                   @Value("${spring.application.name}") String app,
                   @Value("${storecast.presence.state-dir:}") String stateDir,
                   @Value("${storecast.presence.write-every-ms:1000}") long writeEveryMs,
                   @Value("${storecast.presence.commit-every-ms:1000}") long commitEveryMs,
                   @Value("${storecast.presence.advertised-host:127.0.0.1}") String advertisedHost,
                   EventReader reader, SessionCounts counts, ApplicationContext context,
                   MeterRegistry meters) {
        super(app + "-presence", bootstrap, stateDir, commitEveryMs, topology(app, reader, counts::writeSessions,
                Duration.ofMillis(writeEveryMs),
                DeadLettered.counter(meters, Topics.PRESENCE, app)), meters);
        answerQueries(advertisedHost, context);
    }

    /** The streams, for {@link PresenceQueries}, once every partition is assigned and restored. */
    KafkaStreams running() {
        KafkaStreams s = runningStreams();
        if (s == null) {
            KafkaStreams any = streams();
            throw new ViewerStates.PresenceUnavailableException("the presence stream is "
                    + (any == null ? "stopped" : any.state()) + "; viewers can be read once it is RUNNING", null);
        }
        return s;
    }

    /** The internal topic from viewers to sessions, keyed by session id. */
    static String deltasTopic(String app) {
        return app + "-presence-session-deltas";
    }

    static Topology topology(String app, EventReader reader,
                             BiConsumer<Map<String, SessionCount>, Map<String, Long>> writeSessions,
                             Duration writeEvery, Counter deadLettered) {
        return new Topology()
                .addSource("presence", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                        Topics.PRESENCE)
                .addProcessor("viewers", () -> new ViewerPresence(reader, deadLettered), "presence")
                // one entry per customer and session: on disk, queried where it lives (PresenceQueries)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ViewerPresence.VIEWERS),
                        Serdes.String(), Serdes.String()), "viewers")
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
