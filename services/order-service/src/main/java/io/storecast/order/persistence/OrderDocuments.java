package io.storecast.order.persistence;

import io.storecast.order.domain.Order;
import io.storecast.order.domain.Product;
import io.storecast.platform.outbox.OutboxRecord;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/** Mongo documents of order-service. An order carries the events of its last change in {@code outbox}. */
public final class OrderDocuments {

    private OrderDocuments() {
    }

    /** The sku is the id, so the store keeps it unique. */
    @Document("products")
    public record ProductDoc(@Id String sku, String name, String category, long price, boolean active) {

        public static ProductDoc of(Product p) {
            return new ProductDoc(p.sku(), p.name(), p.category(), p.price(), p.active());
        }

        public Product toProduct() {
            return new Product(sku, name, category, price, active);
        }
    }

    /**
     * {@code version} grows by one with every change; changes are written only where it still has the
     * value they were computed from (compare-and-set).
     */
    @Document("orders")
    public record OrderDoc(@Id String id, String clientOrderId, String customerId, String sessionId, String ref,
                           String status, List<Order.Line> lines, long total, String currency, Instant placedAt,
                           Instant paidAt, String paymentId, List<Order.Refund> refunds, long version,
                           List<OutboxRecord> outbox) {

        public static OrderDoc of(Order o, List<OutboxRecord> outbox) {
            return new OrderDoc(o.id(), o.clientOrderId(), o.customerId(), o.sessionId(), o.ref(), o.status().name(),
                    o.lines(), o.total(), o.currency(), o.placedAt(), o.paidAt(), o.paymentId(), o.refunds(), 0,
                    outbox);
        }

        public Order toOrder() {
            return new Order(id, clientOrderId, customerId, sessionId, ref, Order.Status.valueOf(status), lines, total,
                    currency, placedAt, paidAt, paymentId, refunds == null ? List.of() : refunds);
        }
    }
}
