package io.storecast.room.messaging;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storecast.contracts.Events;
import io.storecast.contracts.Topics;
import io.storecast.contracts.presence.ViewerDeparted;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.contracts.presence.ViewerReserved;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.room.domain.SessionCount;
import io.storecast.room.domain.Viewer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The presence stream on Kafka Streams' test driver: given joins and departures (some delivered twice,
 * one unreadable), when the wall clock passes the write period, then each viewer and each session's
 * counts are written exactly.
 */
class PresenceStreamTest {

    private static final String APP = "room-service";
    private static final Instant T0 = Instant.parse("2026-11-11T12:00:00Z");

    private final Map<String, SessionCount> sessions = new HashMap<>();
    private final Map<String, Long> refs = new HashMap<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private int failingWrites;
    private int writeAttempts;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> presence;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "presence-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(PresenceStream.topology(APP, new EventReader(meters), (counts, refCounts) -> {
            writeAttempts++;
            if (failingWrites > 0) {
                failingWrites--;
                throw new IllegalStateException("store unavailable");
            }
            sessions.putAll(counts);
            refs.putAll(refCounts);
        }, Duration.ofSeconds(1), meters.counter("dead-lettered")), p);
        presence = driver.createInputTopic(Topics.PRESENCE, new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(Topics.deadLetter(Topics.PRESENCE, APP), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private OutboxRecord join(String session, String customer, String ref, Instant at) {
        return OutboxRecord.of(Events.VIEWER_JOINED, customer, session, "test", at,
                new ViewerJoined(session, "r1", customer, ref, at), null, null);
    }

    private OutboxRecord leave(String session, String customer, Instant at) {
        return OutboxRecord.of(Events.VIEWER_DEPARTED, customer, session, "test", at,
                new ViewerDeparted(session, "r1", customer, at), null, null);
    }

    /** A viewer as the stream's store holds it (what PresenceQueries reads). */
    private Viewer viewer(String key) {
        KeyValueStore<String, String> store = driver.getKeyValueStore(ViewerPresence.VIEWERS);
        String json = store.get(key);
        return json == null ? null : ViewerPresence.JSON.readValue(json, Viewer.class);
    }

    private void deliver(OutboxRecord... events) {
        for (OutboxRecord e : events) {
            ProducerRecord<String, byte[]> r = e.toProducerRecord();
            presence.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers(), Instant.now()));
        }
    }

    @Test
    void joins_and_departures_delivered_twice_count_each_viewer_once() {
        OutboxRecord aJoins = join("s1", "a", "StoreA", T0);
        deliver(aJoins, aJoins);                                        // the same join delivered twice
        deliver(join("s1", "b", "StoreA", T0.plusSeconds(5)));
        deliver(join("s1", "c", null, T0.plusSeconds(6)));
        deliver(join("s1", "a", "StoreB", T0.plusSeconds(30)));         // a again, through another link
        OutboxRecord bLeaves = leave("s1", "b", T0.plusSeconds(65));
        deliver(bLeaves, bLeaves);
        deliver(join("s1", "b", "StoreA", T0.plusSeconds(100)));        // b comes back
        deliver(leave("s1", "c", T0.plusSeconds(106)));
        deliver(leave("s1", "z", T0.plusSeconds(107)));                 // never joined: counts nothing
        deliver(join("s2", "a", null, T0.plusSeconds(1)));              // another session
        deliver(OutboxRecord.of(Events.VIEWER_RESERVED, "d", "s1", "test", T0,
                new ViewerReserved("s1", "r1", "d", "StoreA", T0), null, null));   // not presence
        assertThat(sessions).isEmpty();

        driver.advanceWallClockTime(Duration.ofSeconds(1));

        // a, b present; c left; peak 3 (a, b, c at once); 3 distinct viewers
        assertThat(sessions).containsEntry("s1", new SessionCount(2, 3, 3)).containsEntry("s2", new SessionCount(1, 1, 1));
        assertThat(refs).isEqualTo(Map.of("s1|StoreA", 2L, "s1|StoreB", 1L));
        assertThat(viewer("s1:b").watchedSeconds(T0.plusSeconds(110), null)).isEqualTo(60 + 10);
        assertThat(viewer("s1:b").present()).isTrue();
        assertThat(viewer("s1:c").watchedSeconds(T0.plusSeconds(999), null)).isEqualTo(100);
        assertThat(viewer("s1:c").present()).isFalse();
        assertThat(viewer("s1:a").refs()).containsExactly("StoreA", "StoreB");
        // z's departure is kept (its join may still come, late) but z never counted as a viewer
        assertThat(viewer("s1:z").joined()).isFalse();
        assertThat(viewer("s1:z").present()).isFalse();
        assertThat(viewer("s1:d")).isNull();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void a_failed_write_is_written_on_the_next_round_and_a_poison_record_goes_to_the_dead_letter_topic() {
        ProducerRecord<String, byte[]> good = join("s1", "a", null, T0).toProducerRecord();
        presence.pipeInput(new TestRecord<>("a", "{not json".getBytes(StandardCharsets.UTF_8), good.headers(),
                Instant.now()));
        deliver(join("s1", "a", null, T0));
        failingWrites = 1;
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(writeAttempts).isEqualTo(1);
        assertThat(sessions).isEmpty();
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(writeAttempts).isEqualTo(2);
        assertThat(sessions).containsEntry("s1", new SessionCount(1, 1, 1));
        assertThat(viewer("s1:a").present()).isTrue();
        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).singleElement().satisfies(r ->
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{not json"));
    }

    @Test
    void a_join_parked_while_kafka_was_slow_and_landing_after_its_departure_leaves_nobody_watching() {
        OutboxRecord joined = join("s1", "a", "StoreA", T0);
        deliver(leave("s1", "a", T0.plusSeconds(40)), joined);        // the join was relayed late
        deliver(join("s1", "b", null, T0.plusSeconds(1)));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(sessions).containsEntry("s1", new SessionCount(1, 1, 2));
        assertThat(refs).isEqualTo(Map.of("s1|StoreA", 1L));
        assertThat(viewer("s1:a").present()).isFalse();
    }
}
