package io.storecast.room.messaging;

import io.storecast.contracts.Topics;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.PoisonEventException;
import io.storecast.room.application.LinkDirectory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Keeps who owns each tracked link (group: the application name); other link events are ignored. */
@Component
class LinkListener {

    private final EventReader reader;
    private final LinkDirectory links;

    LinkListener(EventReader reader, LinkDirectory links) {
        this.reader = reader;
        this.links = links;
    }

    @KafkaListener(topics = Topics.LINKS)
    void on(ConsumerRecord<String, byte[]> record) {
        reader.read(record).ifPresent(event -> {
            if (event.payload() instanceof LinkIssued l) {
                if (l.code() == null || l.code().isBlank() || l.ownerType() == null) {
                    throw new PoisonEventException("link issued without a code or owner type", null);
                }
                links.record(l.code(), l.ownerType(), l.ownerId(), l.storeId(), l.dealerId());
            }
        });
    }
}
