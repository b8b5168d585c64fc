package io.storecast.attribution.messaging;

import io.storecast.attribution.application.ReferenceViews;
import io.storecast.contracts.Topics;
import io.storecast.platform.messaging.ConsumedEvent;
import io.storecast.platform.messaging.EventReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;


/**
 * attribution-service's consumers of store-distribution's facts, in the group {@code attribution-service} (the listener
 * ids only name the containers) and in a group of this instance's own for its memory. A failing record is retried with
 * backoff, then dead-lettered to {@code <topic>.attribution-service.dlt}. The books are kept by {@link DecisionStream}.
 */
@Component
class AttributionListeners {

    private final EventReader reader;
    private final ReferenceViews reference;

    AttributionListeners(EventReader reader, ReferenceViews reference) {
        this.reader = reader;
        this.reference = reference;
    }

    @KafkaListener(id = "attribution-reference", idIsGroup = false, topics = {Topics.NETWORK, Topics.LINKS, Topics.COMMISSION_PLANS})
    void reference(ConsumerRecord<String, byte[]> record) {
        reader.read(record).ifPresent(e -> reference.on(e.payload()));
    }

    /**
     * This instance's memory of store-distribution's facts ({@link ReferenceViews}): a group of its own, from the start
     * of the topics, so that it holds every fact the topics still hold and knows up to which offset it does.
     */
    @KafkaListener(id = "attribution-reference-memory", idIsGroup = false,
            groupId = "#{'${spring.application.name}-reference-memory-' + T(java.util.UUID).randomUUID()}",
            topics = {Topics.NETWORK, Topics.LINKS, Topics.COMMISSION_PLANS}, properties = "auto.offset.reset=earliest")
    void remember(ConsumerRecord<String, byte[]> record) {
        Object fact;
        try {
            fact = reader.read(record).map(ConsumedEvent::payload).orElse(null);
        } catch (RuntimeException unreadable) {
            fact = null;                             // the group's reader dead-letters it; memory goes past it
        }
        reference.remember(fact, new TopicPartition(record.topic(), record.partition()), record.offset());
    }
}
