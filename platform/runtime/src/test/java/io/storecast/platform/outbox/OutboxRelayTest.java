package io.storecast.platform.outbox;

import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storecast.contracts.Events;
import io.storecast.contracts.rooms.SessionStarted;
import io.storecast.platform.infra.Infrastructure;
import io.storecast.platform.infra.SharedInfrastructure;
import io.storecast.platform.testing.TopicProbe;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox's promise: an event written with its state reaches Kafka even if its writer died before sending. */
class OutboxRelayTest {

    private final Infrastructure infra = SharedInfrastructure.get();
    private final MongoTemplate mongo = new MongoTemplate(MongoClients.create(infra.mongoUri("outbox-test")),
            "outbox-test");
    private final KafkaTemplate<String, byte[]> kafka = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()),
            new StringSerializer(), new ByteArraySerializer()));

    @Test
    void an_event_left_in_a_document_by_a_crashed_writer_is_published_once_by_the_next_relay() {
        String session = "sess-" + UUID.randomUUID();
        Instant at = Instant.parse("2026-11-11T12:00:00Z");
        OutboxRecord event = OutboxRecord.of(Events.SESSION_STARTED, "room-1", session, "room-service", at,
                new SessionStarted(session, "room-1", at), null, null);
        // the writer saved state and event in one write, then "died" before waking any relay
        mongo.save(new Session(session, "LIVE", List.of(event)), "sessions");

        OutboxRelay relay = new OutboxRelay(mongo, kafka, List.of("sessions"), new SimpleMeterRegistry());
        assertThat(relay.sweep()).isGreaterThanOrEqualTo(1);
        assertThat(relay.sweep()).isZero();     // sent events were pulled from the document

        var published = TopicProbe.await(Events.SESSION_STARTED, (SessionStarted e) -> e.sessionId().equals(session),
                1, Duration.ofSeconds(20));
        assertThat(published).singleElement().satisfies(e -> {
            assertThat(e.envelope().eventId()).isEqualTo(event.eventId());
            assertThat(e.key()).isEqualTo("room-1");
            assertThat(e.envelope().occurredAt()).isEqualTo(at);
        });
        Document stored = mongo.getCollection("sessions").find(new Document("_id", session)).first();
        assertThat(stored.getString("status")).isEqualTo("LIVE");
        assertThat(stored.getList("outbox", Document.class)).isEmpty();
    }

    @Test
    void a_sweep_passes_by_the_documents_writers_reported_to_the_relay_however_many_and_sends_what_was_left_behind() {
        String collection = "sessions-" + UUID.randomUUID();
        String leftBehind = "sess-" + UUID.randomUUID(), justWritten = "sess-" + UUID.randomUUID();
        Instant at = Instant.parse("2026-11-11T12:00:00Z");
        OutboxRecord old = OutboxRecord.of(Events.SESSION_STARTED, "room-1", leftBehind, "room-service", at,
                new SessionStarted(leftBehind, "room-1", at), null, null);
        OutboxRecord fresh = OutboxRecord.of(Events.SESSION_STARTED, "room-1", justWritten, "room-service", at,
                new SessionStarted(justWritten, "room-1", at), null, null);
        OutboxRelay relay = new OutboxRelay(mongo, kafka, List.of(collection), new SimpleMeterRegistry());
        // a broadcast's worth of documents just written and reported (the relay is not started: none handled yet),
        // more than a sweep's batch, stored before the one a crash left behind
        List<Session> busy = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String id = justWritten + "-" + i;
            busy.add(new Session(id, "LIVE", List.of(OutboxRecord.of(Events.SESSION_STARTED, "room-1", id,
                    "room-service", at, new SessionStarted(id, "room-1", at), null, null))));
        }
        mongo.insert(busy, collection);
        busy.forEach(b -> relay.wake(collection, b.id()));
        mongo.save(new Session(leftBehind, "LIVE", List.of(old)), collection);
        mongo.save(new Session(justWritten, "LIVE", List.of(fresh)), collection);
        relay.wake(collection, justWritten);

        assertThat(relay.sweep()).isEqualTo(1);     // the one left behind, none of those the hot path will send
        assertThat(relay.publishWritten() + relay.publishWritten()).isEqualTo(501);
        assertThat(relay.sweep()).isZero();

        var published = TopicProbe.await(Events.SESSION_STARTED, (SessionStarted e) -> e.sessionId().equals(leftBehind)
                || e.sessionId().equals(justWritten), 2, Duration.ofSeconds(20));
        assertThat(published).extracting(e -> e.envelope().eventId())
                .containsExactlyInAnyOrder(old.eventId(), fresh.eventId());
    }

    record Session(String id, String status, List<OutboxRecord> outbox) {
    }
}
