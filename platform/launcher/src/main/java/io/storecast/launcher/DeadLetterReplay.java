package io.storecast.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.storecast.platform.messaging.EventReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Inspects a dead-letter topic ({@code <topic>.<consumer group>.dlt}) and, once the cause is fixed, replays its records
 * to the topic they came from: the same key, value and headers (the same {@code ce_id}) without the dead-letter
 * headers Spring Kafka added. Every consumer is idempotent by the event's id, so a record whose effect had in fact
 * been applied, or that reaches a group that had read it well, changes nothing. What was replayed is remembered as
 * the offsets of the group {@value #GROUP} on the dead-letter topic, committed only after the broker has
 * acknowledged every record sent: a replay interrupted half-way is replayed again from the last commit, harmlessly.
 *
 * <pre>
 * bin/storecast-dlt show   storecast.orders.v1.attribution-service-decisions.dlt
 * bin/storecast-dlt replay storecast.orders.v1.attribution-service-decisions.dlt
 * </pre>
 */
public final class DeadLetterReplay implements AutoCloseable {

    /** The consumer group whose offsets on a dead-letter topic mark what has been replayed. */
    static final String GROUP = "storecast-dead-letter-replay";
    private static final String DLT_HEADERS = "kafka_dlt-";
    private static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    private static final Duration QUIET = Duration.ofSeconds(2);

    /** A dead letter as read: where it is, where it came from, and why it is there (when the consumer said). */
    public record DeadLetter(int partition, long offset, String originalTopic, String key, String type, String eventId,
                             String reason, byte[] value, List<Header> headers) {
    }

    private final String bootstrap;
    private final KafkaProducer<byte[], byte[]> producer;

    public DeadLetterReplay(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Every record on the dead-letter topic, replayed or not; commits nothing. */
    public List<DeadLetter> show(String dlt) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(null)) {
            List<TopicPartition> parts = partitions(c, dlt);
            c.assign(parts);
            c.seekToBeginning(parts);
            return readToEnd(c, dlt, parts);
        }
    }

    /**
     * Sends every record of the dead-letter topic not replayed before back to its original topic, and marks them
     * replayed; answers them.
     */
    public List<DeadLetter> replay(String dlt) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(GROUP)) {
            List<TopicPartition> parts = partitions(c, dlt);
            c.assign(parts);
            Map<TopicPartition, OffsetAndMetadata> committed = c.committed(new java.util.HashSet<>(parts));
            for (TopicPartition p : parts) {
                OffsetAndMetadata o = committed.get(p);
                if (o == null) {
                    c.seekToBeginning(List.of(p));
                } else {
                    c.seek(p, o.offset());
                }
            }
            List<DeadLetter> letters = readToEnd(c, dlt, parts);
            List<Future<?>> sent = new ArrayList<>();
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            for (DeadLetter d : letters) {
                List<Header> headers = d.headers().stream().filter(h -> !h.key().startsWith(DLT_HEADERS)).toList();
                sent.add(producer.send(new ProducerRecord<>(d.originalTopic(), null,
                        d.key() == null ? null : d.key().getBytes(StandardCharsets.UTF_8), d.value(), headers)));
                done.put(new TopicPartition(dlt, d.partition()), new OffsetAndMetadata(d.offset() + 1));
            }
            producer.flush();
            for (Future<?> f : sent) {
                f.get();            // every record acknowledged before anything is marked replayed
            }
            if (!done.isEmpty()) {
                c.commitSync(done);
            }
            return letters;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the replay was not acknowledged, and nothing was marked replayed; "
                    + "run it again: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted; nothing was marked replayed", e);
        }
    }

    /**
     * The topic a dead letter came from: Spring Kafka's header when there is one, else the name's own
     * ({@code <topic>.<group>.dlt}: groups have no dots, topics may).
     */
    static String originalTopic(String dlt, Header original) {
        if (original != null) {
            return new String(original.value(), StandardCharsets.UTF_8);
        }
        if (!dlt.endsWith(".dlt") || dlt.indexOf('.') == dlt.lastIndexOf('.')) {
            throw new IllegalArgumentException(dlt + " is not a dead-letter topic (<topic>.<group>.dlt)");
        }
        String withoutDlt = dlt.substring(0, dlt.length() - ".dlt".length());
        return withoutDlt.substring(0, withoutDlt.lastIndexOf('.'));
    }

    private List<DeadLetter> readToEnd(KafkaConsumer<byte[], byte[]> c, String dlt, List<TopicPartition> parts) {
        Map<TopicPartition, Long> ends = c.endOffsets(parts);
        List<DeadLetter> out = new ArrayList<>();
        long quietUntil = System.nanoTime() + QUIET.toNanos();
        while (parts.stream().anyMatch(p -> c.position(p) < ends.get(p))) {
            var records = c.poll(Duration.ofMillis(200));
            if (records.isEmpty() && System.nanoTime() > quietUntil) {
                throw new IllegalStateException("the broker stopped answering before the end of " + dlt);
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (r.offset() >= ends.get(new TopicPartition(r.topic(), r.partition()))) {
                    continue;       // dead-lettered after this run began: the next run's
                }
                quietUntil = System.nanoTime() + QUIET.toNanos();
                out.add(new DeadLetter(r.partition(), r.offset(),
                        originalTopic(dlt, r.headers().lastHeader(ORIGINAL_TOPIC)),
                        r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                        EventReader.text(r.headers(), "ce_type"), EventReader.text(r.headers(), "ce_id"),
                        EventReader.text(r.headers(), "kafka_dlt-exception-message"), r.value(),
                        List.of(r.headers().toArray())));
            }
        }
        return out;
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        var info = c.partitionsFor(topic, Duration.ofSeconds(10));
        if (info == null || info.isEmpty()) {
            throw new IllegalArgumentException("no topic " + topic);
        }
        originalTopic(topic, null);         // refuses a topic that is not a dead-letter topic's name
        return info.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group) {
        Map<String, Object> config = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        producer.close();
    }

    public static void main(String[] args) {
        if (args.length != 2 || !List.of("show", "replay").contains(args[0])) {
            System.err.println("usage: bin/storecast-dlt show|replay <topic>.<group>.dlt   (KAFKA_BOOTSTRAP, default "
                    + "127.0.0.1:29092)");
            System.exit(2);
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
            logs.getLogger("org.apache.kafka").setLevel(Level.WARN);    // the dead letters, not the clients' chatter
        }
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:29092");
        try (DeadLetterReplay tool = new DeadLetterReplay(bootstrap)) {
            List<DeadLetter> letters = args[0].equals("show") ? tool.show(args[1]) : tool.replay(args[1]);
            for (DeadLetter d : letters) {
                System.out.printf("%s-%d@%d  %s  key=%s  ce_id=%s%n  reason: %s%n  %s%n", args[1], d.partition(),
                        d.offset(), d.type(), d.key(), d.eventId(),
                        d.reason() == null ? "(in the consumer's log)" : d.reason(),
                        new String(d.value() == null ? new byte[0] : d.value(), StandardCharsets.UTF_8));
            }
            System.out.println(args[0].equals("show") ? letters.size() + " dead letters on " + args[1]
                    : letters.size() + " replayed to " + (letters.isEmpty() ? "—" : letters.getFirst().originalTopic()));
        }
    }
}
