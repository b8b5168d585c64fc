package io.storecast.order.application;

import io.storecast.contracts.Events;
import io.storecast.contracts.orders.OrderCancelled;
import io.storecast.contracts.orders.OrderCompleted;
import io.storecast.contracts.orders.OrderDelivered;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.contracts.orders.OrderShipped;
import io.storecast.order.domain.Order;
import io.storecast.platform.outbox.OutboxRecord;

import java.time.Duration;
import java.util.List;

/**
 * The event of each order change, keyed by customer id, correlated by order id. Event ids derive from the
 * order and the change ({@code order-placed:<orderId>}, …), so a change announced again after a crash is the
 * very same event, which consumers deduplicate.
 */
final class OrderEvents {

    static final String SOURCE = "order-service";

    private OrderEvents() {
    }

    static OutboxRecord placed(Order o) {
        return OutboxRecord.withId("order-placed:" + o.id(), Events.ORDER_PLACED, o.customerId(), o.id(), SOURCE,
                o.placedAt(), new OrderPlaced(o.id(), o.clientOrderId(), o.customerId(), o.sessionId(), o.ref(),
                        lines(o), o.total(), o.currency(), o.placedAt()), o.id(), null);
    }

    static OutboxRecord paid(Order o) {
        return OutboxRecord.withId("order-paid:" + o.id(), Events.ORDER_PAID, o.customerId(), o.id(), SOURCE,
                o.paidAt(), new OrderPaid(o.id(), o.customerId(), o.sessionId(), o.ref(), o.paymentId(), lines(o),
                        o.total(), o.currency(), o.placedAt(), o.paidAt()), o.id(), null);
    }

    static OutboxRecord refunded(Order o) {
        Order.Refund r = o.lastRefund();
        Order.Line line = o.line(r.lineNo());
        return OutboxRecord.withId("order-refunded:" + o.id() + ":" + r.refundSeq(), Events.ORDER_REFUNDED,
                o.customerId(), o.id(), SOURCE, r.refundedAt(), new OrderRefunded(o.id(), o.customerId(),
                        r.refundId(), r.refundSeq(), r.lineNo(), r.amount(), line.refunded(), line.amount(),
                        o.currency(), r.refundedAt()), o.id(), null);
    }

    static OutboxRecord cancelled(Order o) {
        return OutboxRecord.withId("order-cancelled:" + o.id(), Events.ORDER_CANCELLED, o.customerId(), o.id(),
                SOURCE, o.cancelledAt(), new OrderCancelled(o.id(), o.customerId(), o.sessionId(), "UNPAID_TIMEOUT",
                        lines(o), o.placedAt(), o.cancelledAt()), o.id(), null);
    }

    static OutboxRecord shipped(Order o) {
        return OutboxRecord.withId("order-shipped:" + o.id(), Events.ORDER_SHIPPED, o.customerId(), o.id(), SOURCE,
                o.shipment().shippedAt(), new OrderShipped(o.id(), o.customerId(), o.fulfilment().assignee(),
                        o.fulfilment().storeId(), o.shipment().carrier(), o.shipment().trackingNo(),
                        o.shipment().shippedAt()), o.id(), null);
    }

    static OutboxRecord delivered(Order o) {
        return OutboxRecord.withId("order-delivered:" + o.id(), Events.ORDER_DELIVERED, o.customerId(), o.id(),
                SOURCE, o.deliveredAt(), new OrderDelivered(o.id(), o.customerId(), o.deliveredAt()), o.id(), null);
    }

    static OutboxRecord completed(Order o, Duration returnWindow) {
        return OutboxRecord.withId("order-completed:" + o.id(), Events.ORDER_COMPLETED, o.customerId(), o.id(),
                SOURCE, o.completedAt(), new OrderCompleted(o.id(), o.customerId(), o.deliveredAt(),
                        (int) returnWindow.toDays(), o.completedAt()), o.id(), null);
    }

    private static List<OrderLine> lines(Order o) {
        return o.lines().stream().map(l -> new OrderLine(l.lineNo(), l.sku(), l.category(), l.quantity(),
                l.unitPrice(), l.amount())).toList();
    }
}
