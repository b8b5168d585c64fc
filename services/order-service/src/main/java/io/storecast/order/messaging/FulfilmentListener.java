package io.storecast.order.messaging;

import io.storecast.contracts.Topics;
import io.storecast.contracts.fulfilment.FulfilmentAssigned;
import io.storecast.order.application.OrderCommands;
import io.storecast.order.domain.Order;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.NotYetKnownException;
import io.storecast.platform.problems.NotFoundException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Records on each order who ships it, from store-distribution's assignment. Idempotent: the first assignment
 * stands and a redelivery changes nothing. An assignment for an order not stored yet waits and retries.
 */
@Component
class FulfilmentListener {

    private final EventReader reader;
    private final OrderCommands orders;

    FulfilmentListener(EventReader reader, OrderCommands orders) {
        this.reader = reader;
        this.orders = orders;
    }

    @KafkaListener(id = "order-fulfilment", idIsGroup = false, topics = Topics.FULFILMENT)
    void assigned(ConsumerRecord<String, byte[]> record) {
        reader.read(record).ifPresent(e -> {
            if (e.payload() instanceof FulfilmentAssigned a) {
                try {
                    orders.assign(a.orderId(), new Order.Fulfilment(a.assignee(), a.storeId(), a.reason(),
                            a.assignedAt()));
                } catch (NotFoundException ex) {
                    throw new NotYetKnownException("fulfilment of order " + a.orderId() + " before the order");
                }
            }
        });
    }
}
