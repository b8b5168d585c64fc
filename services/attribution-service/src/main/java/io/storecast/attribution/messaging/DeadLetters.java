package io.storecast.attribution.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.contracts.Topics;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the leaderboard stream puts a record it cannot read: {@code <topic>.<app>-leaderboard.dlt}, forwarded in
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

    String topic(String source) {
        return Topics.deadLetter(source, group);
    }

    static String sink(String source) {
        return "dead-letters:" + source;
    }

    <K, V> void send(ProcessorContext<K, V> context, Record<?, ?> record, String why) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("?");
        log.warn("dead-lettering a record of {} for the leaderboard: {}", topic, why);
        meters.counter("storecast.events.dead-lettered", "topic", topic).increment();
        @SuppressWarnings("unchecked")
        Record<K, V> same = (Record<K, V>) record;
        context.forward(same, sink(topic));
    }

    String where(ProcessorContext<?, ?> context) {
        return context.recordMetadata().map(m -> m.topic() + "/" + m.partition() + "@" + m.offset()).orElse("?");
    }
}
