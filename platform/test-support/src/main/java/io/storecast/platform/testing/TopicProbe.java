package io.storecast.platform.testing;

import io.storecast.contracts.CloudEventHeaders;
import io.storecast.contracts.EventEnvelope;
import io.storecast.contracts.EventJson;
import io.storecast.contracts.EventType;
import io.storecast.platform.infra.SharedInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/** Reads and writes events on the shared broker, for tests that check what a service published or consumes. */
public final class TopicProbe {

    private TopicProbe() {
    }

    public record Received<T>(String key, EventEnvelope envelope, T payload) {
    }

    /** Waits until events of {@code type} matching {@code match} have arrived; returns all that match. */
    public static <T> List<Received<T>> await(EventType<T> type, Predicate<T> match, int atLeast, Duration timeout) {
        List<Received<T>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(type.topic()));
            long until = System.currentTimeMillis() + timeout.toMillis();
            boolean draining = false;
            long drainUntil = 0;
            while (System.currentTimeMillis() < (draining ? drainUntil : until)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    Map<String, byte[]> h = new HashMap<>();
                    for (Header header : r.headers()) {
                        h.put(header.key(), header.value());
                    }
                    EventEnvelope e = CloudEventHeaders.fromHeaders(h);
                    if (e.type().equals(type.name())) {
                        T payload = EventJson.read(r.value(), type.payloadType());
                        if (match.test(payload)) {
                            found.add(new Received<>(r.key(), e, payload));
                        }
                    }
                }
                if (!draining && found.size() >= atLeast) {
                    // keep reading a little longer, so that a late duplicate shows up in what is returned
                    draining = true;
                    drainUntil = System.currentTimeMillis() + 700;
                }
            }
        }
        return found;
    }

    /** Waits for raw records with the given key on any topic (e.g. a dead-letter topic); returns them. */
    public static List<ConsumerRecord<String, byte[]>> awaitRaw(String topic, String key, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + timeout.toMillis();
            while (found.isEmpty() && System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    /** Publishes an event exactly as a service would; returns the envelope so a test can send it again. */
    public static <T> EventEnvelope publish(EventType<T> type, String key, String aggregateId, T payload) {
        EventEnvelope e = EventEnvelope.create(type, aggregateId, "test", Instant.now(), null, null);
        publish(type.topic(), key, e, EventJson.write(payload));
        return e;
    }

    /** Publishes raw bytes with a given envelope, e.g. the same event a second time, or a poison payload. */
    public static void publish(String topic, String key, EventEnvelope envelope, byte[] value) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().kafkaBootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
            CloudEventHeaders.toHeaders(envelope).forEach((k, v) -> r.headers().add(new RecordHeader(k, v)));
            p.send(r).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes the same event twice: same envelope, same event id — a duplicate delivery. */
    public static <T> EventEnvelope publishTwice(EventType<T> type, String key, String aggregateId, T payload) {
        EventEnvelope e = EventEnvelope.create(type, aggregateId, "test", Instant.now(), null, null);
        publish(type.topic(), key, e, EventJson.write(payload));
        publish(type.topic(), key, e, EventJson.write(payload));
        return e;
    }
}
