package io.storecast.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * For events on a hot path that has no state of its own to write (a redirect's click, a viewer's join):
 * the event goes straight to Kafka and the caller waits for the broker's acknowledgement, so the topic is
 * the durable record and the request costs no database write. If Kafka does not acknowledge within the
 * timeout, the event is parked in {@code collection} (list it in {@code storecast.outbox-collections}) and
 * the {@link OutboxRelay} sends it later. Either way an answered request has its event recorded; only when
 * the store refuses too is the event counted as lost ({@code storecast.events.lost}).
 */
public class DirectPublisher {

    /** What became of an event. */
    public enum Outcome { SENT, PARKED, LOST }

    /** A parked event: a document whose outbox holds it until the relay has sent it. */
    record Parked(@Id String id, List<OutboxRecord> outbox) {
    }

    private static final Logger log = LoggerFactory.getLogger(DirectPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final MeterRegistry meters;
    private final String collection;
    private final long ackTimeoutMs;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public DirectPublisher(KafkaTemplate<String, byte[]> kafka, MongoTemplate mongo, OutboxRelay relay,
                           MeterRegistry meters, String collection, long ackTimeoutMs) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.relay = relay;
        this.meters = meters;
        this.collection = collection;
        this.ackTimeoutMs = ackTimeoutMs;
    }

    /**
     * A producer for requests that wait for their acknowledgement: idempotent, {@code acks=all}, and no
     * linger (under load batches fill by themselves while earlier sends are in flight).
     */
    public static KafkaTemplate<String, byte[]> producer(String bootstrap, String clientId) {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000),
                new StringSerializer(), new ByteArraySerializer()));
    }

    /** Counters by name and event type, looked up once: {@link #publish} runs on every hot-path request. */
    private Counter counter(String name, String type) {
        return counters.computeIfAbsent(name + "|" + type, k -> meters.counter(name, "type", type));
    }

    /**
     * As {@link #publish} for many events at once: all are sent, then each acknowledgement awaited, so a round
     * of events costs one wait rather than one per event. The outcomes come back in the events' order.
     */
    public List<Outcome> publishAll(List<OutboxRecord> events) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (OutboxRecord e : events) {
            CompletableFuture<?> f;
            try {
                f = kafka.send(e.toProducerRecord());
            } catch (RuntimeException ex) {
                f = CompletableFuture.failedFuture(ex);
            }
            sends.add(f);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ackTimeoutMs);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            OutboxRecord e = events.get(i);
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                counter("storecast.events.published", e.type()).increment();
                outcomes.add(Outcome.SENT);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                outcomes.add(park(e, ex));
            } catch (Exception ex) {
                outcomes.add(park(e, ex));
            }
        }
        return outcomes;
    }

    public Outcome publish(OutboxRecord event) {
        try {
            kafka.send(event.toProducerRecord()).get(ackTimeoutMs, TimeUnit.MILLISECONDS);
            counter("storecast.events.published", event.type()).increment();
            return Outcome.SENT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            return park(event, e);
        }
        return park(event, new InterruptedException());
    }

    private Outcome park(OutboxRecord event, Exception cause) {
        log.warn("event {} ({}) not acknowledged by Kafka in {} ms, parking it in {}: {}", event.eventId(),
                event.type(), ackTimeoutMs, collection, cause.toString());
        try {
            mongo.insert(new Parked(event.eventId(), List.of(event)), collection);
            relay.wake(collection, event.eventId());
            counter("storecast.events.parked", event.type()).increment();
            return Outcome.PARKED;
        } catch (DuplicateKeyException e) {
            return Outcome.PARKED;      // sent again after a recovery: the first parking still holds it
        } catch (RuntimeException e) {
            counter("storecast.events.lost", event.type()).increment();
            log.error("event {} ({}) could not be recorded", event.eventId(), event.type(), e);
            return Outcome.LOST;
        }
    }
}
