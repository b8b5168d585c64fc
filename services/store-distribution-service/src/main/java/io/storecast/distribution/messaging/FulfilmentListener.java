package io.storecast.distribution.messaging;

import io.storecast.contracts.Events;
import io.storecast.contracts.Topics;
import io.storecast.contracts.attribution.OrderAttributed;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.distribution.application.Fulfilment;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.PoisonEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fulfilment's consumers, in the group {@code store-distribution-service} (the ids only name the containers).
 * Attribution decisions are handled three partitions at a time, a poll's records at once; the stock stays safe
 * under that because every reservation is a guarded atomic update (see
 * {@link io.storecast.distribution.application.StockCommands}).
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

    /**
     * A poll's attribution decisions at a time, so a broadcast's orders are assigned in bulk. A record that cannot
     * be assigned ({@link #unassignable}, or unreadable) is dead-lettered alone: the records before it are
     * assigned first, then the container is told which one failed, commits what came before it and goes on after it.
     */
    @KafkaListener(id = "distribution-fulfilment", idIsGroup = false, topics = Topics.ATTRIBUTIONS, concurrency = "3",
            containerFactory = "batchListenerContainerFactory")
    void attributed(List<ConsumerRecord<String, byte[]>> records) {
        List<Fulfilment.Paid> paid = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            try {
                reader.read(records.get(i)).ifPresent(e -> {
                    if (e.payload() instanceof OrderAttributed a) {
                        unassignable(a).ifPresent(why -> {
                            throw new PoisonEventException("order " + a.orderId() + " cannot be assigned: " + why,
                                    null);
                        });
                        paid.add(new Fulfilment.Paid(a, e.envelope()));
                    }
                });
            } catch (PoisonEventException poison) {
                fulfilment.assign(paid);
                throw new BatchListenerFailedException(poison.getMessage(), poison, i);
            }
        }
        fulfilment.assign(paid);
    }

    /**
     * Why a decision cannot be assigned whatever is retried, checked before the batch touches any stock, so one such
     * record is dead-lettered alone instead of failing its whole poll.
     */
    static Optional<String> unassignable(OrderAttributed a) {
        if (a.orderId() == null || a.customerId() == null) {
            return Optional.of("no order id or customer id");
        }
        if (a.lines() == null || a.lines().isEmpty()) {
            return Optional.of("attributed without lines");
        }
        for (OrderLine l : a.lines()) {
            if (l == null || l.sku() == null || l.quantity() < 1) {
                return Optional.of("a line without a SKU or a positive quantity");
            }
        }
        return Optional.empty();
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
