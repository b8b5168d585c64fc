package io.storecast.attribution.messaging;

import io.storecast.platform.messaging.DeadLettered;
import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.platform.messaging.ConsumedEvent;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.PoisonEventException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import io.storecast.contracts.Topics;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reading a stream's source records, and where it puts a record it cannot read: {@code <topic>.<group>.dlt}, forwarded in
 * the same transaction as everything else the record caused (nothing).
 */
final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final String group;
    private final MeterRegistry meters;

    DeadLetters(String group, MeterRegistry meters) {
        this.group = group;
        this.meters = meters;
    }

    /** The dead-letter topic of a source, which the topology is built with: its count starts there, at 0. */
    String topic(String source) {
        DeadLettered.counter(meters, source, group);
        return Topics.deadLetter(source, group);
    }

    static String sink(String source) {
        return "dead-letters:" + source;
    }

    <K, V> void send(ProcessorContext<K, V> context, Record<?, ?> record, String why) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("?");
        log.warn("dead-lettering a record of {} for {}: {}", topic, group, why);
        DeadLettered.counter(meters, topic, group).increment();
        @SuppressWarnings("unchecked")
        Record<K, V> same = (Record<K, V>) record;
        context.forward(same, sink(topic));
    }

    /**
     * The record's event, or empty when it is not one of ours or cannot be read — then it has been dead-lettered.
     */
    <K, V> Optional<ConsumedEvent<?>> read(EventReader reader, ProcessorContext<K, V> context, Record<?, byte[]> record) {
        try {
            return reader.read(record.headers(), record.value(), where(context));
        } catch (PoisonEventException poison) {
            send(context, record, poison.getMessage());
            return Optional.empty();
        }
    }

    /** Takes every value under {@code prefix} out of a store of waiting facts. */
    static List<byte[]> take(KeyValueStore<String, byte[]> waiting, String prefix) {
        List<KeyValue<String, byte[]>> ready = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = waiting.prefixScan(prefix, Serdes.String().serializer())) {
            it.forEachRemaining(ready::add);
        }
        ready.forEach(kv -> waiting.delete(kv.key));
        return ready.stream().map(kv -> kv.value).toList();
    }

    String where(ProcessorContext<?, ?> context) {
        return context.recordMetadata().map(m -> m.topic() + "/" + m.partition() + "@" + m.offset()).orElse("?");
    }
}
