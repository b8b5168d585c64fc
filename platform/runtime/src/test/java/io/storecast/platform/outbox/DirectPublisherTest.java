package io.storecast.platform.outbox;

import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.storecast.contracts.Events;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.platform.infra.Infrastructure;
import io.storecast.platform.infra.SharedInfrastructure;
import io.storecast.platform.testing.TopicProbe;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A hot-path event is on Kafka when the request answers, or parked and relayed later: never lost, never twice. */
class DirectPublisherTest {

    private static OutboxRecord join(String customer) {
        Instant at = Instant.parse("2026-11-11T12:00:00Z");
        return OutboxRecord.of(Events.VIEWER_JOINED, customer, "sess-1", "room-service", at,
                new ViewerJoined("sess-1", "room-1", customer, "Ab3dE5gH9k", at), null, null);
    }

    @Test
    void an_acknowledged_event_is_sent_and_one_kafka_does_not_take_is_parked_then_relayed_once() {
        Infrastructure infra = SharedInfrastructure.get();
        MongoTemplate mongo = new MongoTemplate(MongoClients.create(infra.mongoUri("direct-test")), "direct-test");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxRelay relay = new OutboxRelay(mongo, DirectPublisher.producer(infra.kafkaBootstrap(), "relay"),
                List.of("parked"), meters);

        String sent = "c-" + UUID.randomUUID();
        DirectPublisher up = new DirectPublisher(DirectPublisher.producer(infra.kafkaBootstrap(), "up"), mongo, relay,
                meters, "parked", 5_000);
        assertThat(up.publish(join(sent))).isEqualTo(DirectPublisher.Outcome.SENT);

        // a broker that never answers: the event is parked with its id, nothing is lost
        String parked = "c-" + UUID.randomUUID();
        OutboxRecord event = join(parked);
        DirectPublisher down = new DirectPublisher(DirectPublisher.producer("127.0.0.1:1", "down"), mongo, relay,
                meters, "parked", 200);
        assertThat(down.publish(event)).isEqualTo(DirectPublisher.Outcome.PARKED);
        Document doc = mongo.getCollection("parked").find(new Document("_id", event.eventId())).first();
        assertThat(doc.getList("outbox", Document.class)).hasSize(1);
        assertThat(meters.counter("storecast.events.parked", "type", Events.VIEWER_JOINED.name()).count()).isEqualTo(1);

        // parked and reported to the relay: its hot path sends it (the relay is not started here), not the sweep
        assertThat(relay.sweep()).isZero();
        assertThat(relay.publishWritten()).isEqualTo(1);
        assertThat(relay.sweep()).isZero();
        var both = TopicProbe.await(Events.VIEWER_JOINED,
                (ViewerJoined j) -> j.customerId().equals(sent) || j.customerId().equals(parked), 2, Duration.ofSeconds(20));
        assertThat(both).extracting(r -> r.payload().customerId()).containsExactlyInAnyOrder(sent, parked);
        assertThat(both).filteredOn(r -> r.payload().customerId().equals(parked)).singleElement()
                .satisfies(r -> assertThat(r.envelope().eventId()).isEqualTo(event.eventId()));
    }
}
