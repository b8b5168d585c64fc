package io.storecast.launcher;

import io.storecast.contracts.CloudEventHeaders;
import io.storecast.platform.messaging.EventReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts the events of one type on a topic whose payload has {@code field = value}, reading the topic from its
 * start to its current end: a benchmark's independent check that what a service answered reached Kafka.
 * Prints {@code <records> <distinct event ids>}.
 *
 * <pre>java -cp storecast-local-exec.jar -Dloader.main=io.storecast.launcher.CountEvents \
 *     org.springframework.boot.loader.launch.PropertiesLauncher bootstrap topic type field value</pre>
 */
public final class CountEvents {

    private CountEvents() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: CountEvents <bootstrap> <topic> <event type> <payload field> <value>");
            System.exit(2);
        }
        String bootstrap = args[0], topic = args[1], type = args[2], field = args[3], value = args[4];
        long records = 0;
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofSeconds(1))) {
                    if (!type.equals(EventReader.text(r.headers(), CloudEventHeaders.TYPE))) {
                        continue;
                    }
                    String eventId = EventReader.text(r.headers(), CloudEventHeaders.ID);
                    JsonNode payload = io.storecast.loadgen.Api.JSON.readTree(r.value());
                    if (payload.has(field) && value.equals(payload.get(field).asString())) {
                        records++;
                        ids.add(eventId);
                    }
                }
            }
        }
        System.out.println(records + " " + ids.size());
    }
}
