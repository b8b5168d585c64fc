package io.storecast.attribution.messaging;

import io.storecast.attribution.application.Attributions;
import io.storecast.attribution.application.ReferenceViews;
import io.storecast.attribution.domain.TouchKind;
import io.storecast.contracts.Topics;
import io.storecast.contracts.fulfilment.FulfilmentAssigned;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.network.CommissionPlanPublished;
import io.storecast.contracts.network.DealerChanged;
import io.storecast.contracts.network.DealerRegistered;
import io.storecast.contracts.network.StaffChanged;
import io.storecast.contracts.network.StoreChanged;
import io.storecast.contracts.network.StaffRegistered;
import io.storecast.contracts.network.StoreRegistered;
import io.storecast.contracts.orders.OrderCompleted;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.contracts.presence.ViewerReserved;
import io.storecast.platform.messaging.ConsumedEvent;
import io.storecast.platform.messaging.EventReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * attribution-service's consumers, all in the group {@code attribution-service} (the listener ids only
 * name the containers). A failing record is retried with backoff, then dead-lettered to
 * {@code <topic>.attribution-service.dlt}; every handler is idempotent (see {@link Attributions}).
 */
@Component
class AttributionListeners {

    private final EventReader reader;
    private final ReferenceViews reference;
    private final Attributions attributions;

    AttributionListeners(EventReader reader, ReferenceViews reference, Attributions attributions) {
        this.reader = reader;
        this.reference = reference;
        this.attributions = attributions;
    }

    @KafkaListener(id = "attribution-reference", idIsGroup = false, topics = {Topics.NETWORK, Topics.LINKS, Topics.COMMISSION_PLANS})
    void reference(ConsumerRecord<String, byte[]> record) {
        reader.read(record).ifPresent(e -> {
            switch (e.payload()) {
                case DealerRegistered d -> reference.on(d);
                case StoreRegistered s -> reference.on(s);
                case StaffRegistered s -> reference.on(s);
                case DealerChanged d -> reference.on(d);
                case StoreChanged s -> reference.on(s);
                case StaffChanged s -> reference.on(s);
                case LinkIssued l -> reference.on(l);
                case CommissionPlanPublished p -> reference.on(p);
                default -> { }
            }
        });
    }

    @KafkaListener(id = "attribution-presence", idIsGroup = false, topics = Topics.PRESENCE)
    void presence(ConsumerRecord<String, byte[]> record) {
        reader.read(record).ifPresent(e -> {
            switch (e.payload()) {
                case ViewerJoined j when j.ref() != null -> attributions.recordTouch("join:" + e.envelope().eventId(),
                        j.customerId(), j.ref(), TouchKind.JOIN, j.joinedAt());
                // one reservation per customer and session: the id needs no event id
                case ViewerReserved r when r.ref() != null -> attributions.recordTouch("reserve:" + r.sessionId() + ":"
                        + r.customerId(), r.customerId(), r.ref(), TouchKind.RESERVE, r.reservedAt());
                default -> { }
            }
        });
    }

    @KafkaListener(id = "attribution-fulfilment", idIsGroup = false, topics = Topics.FULFILMENT)
    void fulfilment(ConsumerRecord<String, byte[]> record) {
        reader.read(record).ifPresent(e -> {
            if (e.payload() instanceof FulfilmentAssigned f) {
                attributions.onFulfilmentAssigned(f, e.envelope());
            }
        });
    }

    @KafkaListener(id = "attribution-orders", idIsGroup = false, topics = Topics.ORDERS)
    void orders(ConsumerRecord<String, byte[]> record) {
        reader.read(record).ifPresent(e -> handleOrder(e));
    }

    private void handleOrder(ConsumedEvent<?> e) {
        switch (e.payload()) {
            case OrderPlaced p when p.ref() != null ->
                    attributions.recordTouch("checkout:" + p.orderId(), p.customerId(), p.ref(), TouchKind.CHECKOUT,
                            p.placedAt());
            case OrderPaid p -> attributions.onOrderPaid(p, e.envelope());
            case OrderRefunded r -> attributions.onOrderRefunded(r, e.envelope());
            case OrderCompleted c -> attributions.onOrderCompleted(c);
            default -> { }
        }
    }
}
