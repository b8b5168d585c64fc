package io.storecast.distribution.messaging;

import io.storecast.contracts.Events;
import io.storecast.contracts.Topics;
import io.storecast.contracts.attribution.OrderAttributed;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.distribution.application.Fulfilment;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.PoisonEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Fulfilment's consumers, in the group {@code store-distribution-service} (the ids only name the containers).
 * Attribution decisions are handled three partitions at a time; the stock stays safe under that because every
 * reservation is a guarded atomic update (see {@link io.storecast.distribution.application.StockCommands}).
 * A failing record is retried, then dead-lettered; every handler is idempotent.
 */
@Component
class FulfilmentListener {

    private static final java.util.Set<String> REFUNDS = java.util.Set.of(Events.ORDER_REFUNDED.name());

    private final EventReader reader;
    private final Fulfilment fulfilment;

    FulfilmentListener(EventReader reader, Fulfilment fulfilment) {
        this.reader = reader;
        this.fulfilment = fulfilment;
    }

    @KafkaListener(id = "distribution-fulfilment", idIsGroup = false, topics = Topics.ATTRIBUTIONS, concurrency = "3")
    void attributed(ConsumerRecord<String, byte[]> record) {
        reader.read(record).ifPresent(e -> {
            if (e.payload() instanceof OrderAttributed a) {
                if (a.lines() == null || a.lines().isEmpty()) {
                    throw new PoisonEventException("order " + a.orderId() + " was attributed without lines", null);
                }
                fulfilment.assign(a, e.envelope());
            }
        });
    }

    @KafkaListener(id = "distribution-refunds", idIsGroup = false, topics = Topics.ORDERS)
    void orders(ConsumerRecord<String, byte[]> record) {
        if (EventReader.namesNoneOf(record.headers(), REFUNDS)) {
            return;     // every other order event: not worth parsing
        }
        reader.read(record).ifPresent(e -> {
            if (e.payload() instanceof OrderRefunded r) {
                fulfilment.refund(r);
            }
        });
    }
}
