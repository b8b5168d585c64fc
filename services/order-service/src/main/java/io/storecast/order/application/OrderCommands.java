package io.storecast.order.application;

import io.storecast.order.domain.Order;
import io.storecast.order.domain.CheckoutRound;
import io.storecast.order.persistence.OrderDocuments.OrderDoc;
import io.storecast.order.persistence.OrderDocuments.PaymentClaim;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.outbox.OutboxRelay;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.NotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Every change of an order after checkout. Each change and its event are one single-document write; the
 * outbox relay sends the event.
 */
@Service
public class OrderCommands {

    private static final int ATTEMPTS = 5;

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final FlashSales stock;
    private final Purchases purchases;
    private final Clock clock;
    private final Duration returnWindow;
    private final OrderMetrics metrics;

    public OrderCommands(MongoTemplate mongo, OutboxRelay relay, FlashSales stock, Purchases purchases, Clock clock,
                         @Value("${storecast.orders.return-window-days}") int returnWindowDays, OrderMetrics metrics) {
        this.mongo = mongo;
        this.relay = relay;
        this.stock = stock;
        this.purchases = purchases;
        this.clock = clock;
        this.returnWindow = Duration.ofDays(returnWindowDays);
        this.metrics = metrics;
    }

    public Order order(String id) {
        return load(id).toOrder();
    }

    /**
     * Pays the order. The payment id is first claimed for this order (a unique id), so one payment can pay one
     * order only; the same callback again finds its own claim and an order it already paid (one read less than
     * checking the order first). A claim left by a payment that then failed (wrong amount) is released again.
     */
    public Order pay(String orderId, String paymentId, long amount) {
        try {
            mongo.insert(new PaymentClaim(paymentId, orderId));
        } catch (DuplicateKeyException e) {
            PaymentClaim claim = mongo.findById(paymentId, PaymentClaim.class);
            if (claim == null || !claim.orderId().equals(orderId)) {
                throw new ConflictException("paymentId", "payment " + paymentId + " already paid another order");
            }
        }
        try {
            return change(orderId, o -> o.pay(paymentId, amount, clock.instant()), OrderEvents::paid, metrics::paid);
        } catch (RuntimeException e) {
            // the claim goes only if this payment did not pay the order (a concurrent callback may have)
            OrderDoc d = mongo.findById(orderId, OrderDoc.class);
            if (d == null || !paymentId.equals(d.paymentId())) {
                mongo.remove(query(where("_id").is(paymentId).and("orderId").is(orderId)), PaymentClaim.class);
            }
            throw e;
        }
    }

    public Order refund(String orderId, String refundId, int lineNo, long amount) {
        return change(orderId, o -> o.refund(refundId, lineNo, amount, clock.instant()), OrderEvents::refunded);
    }

    /** Records store-distribution's assignment; the first one stands. */
    public Order assign(String orderId, Order.Fulfilment f) {
        return change(orderId, o -> o.assign(f), null);
    }

    public Order ship(String orderId, String carrier, String trackingNo) {
        return change(orderId, o -> o.ship(carrier, trackingNo, clock.instant()), OrderEvents::shipped);
    }

    public Order deliver(String orderId) {
        return change(orderId, o -> o.deliver(clock.instant()), OrderEvents::delivered);
    }

    /** Completes a delivered order once its return window has passed; otherwise changes nothing. */
    public Order complete(String orderId) {
        return change(orderId, o -> o.complete(returnWindow, clock.instant()),
                o -> OrderEvents.completed(o, returnWindow));
    }

    /** Cancels an order still unpaid and puts its units back on sale; a paid order is left as it is. */
    public Order cancelUnpaid(String orderId) {
        Order after = change(orderId, o -> o.cancelUnpaid(clock.instant()), OrderEvents::cancelled);
        if (after.status() == Order.Status.CANCELLED) {
            returnStock(orderId);
        }
        return after;
    }

    /**
     * Gives a cancelled order's units back to each of its stocks exactly once: each stock records the return
     * with the units; the order's {@code stockReturned} is set after all of them, then the records are dropped.
     * Running it again after a crash at any point finishes the job without returning anything twice.
     */
    public void returnStock(String orderId) {
        OrderDoc d = load(orderId);
        if (!Order.Status.CANCELLED.name().equals(d.status())) {
            return;
        }
        Map<String, Integer> bySku = new LinkedHashMap<>();
        d.lines().forEach(l -> bySku.merge(l.sku(), l.quantity(), Integer::sum));
        if (!d.stockReturned()) {
            // another instance may be returning the same order: the flag, read again after each stock, stops it
            java.util.function.BooleanSupplier returned = () -> load(orderId).stockReturned();
            bySku.forEach((sku, q) -> {
                stock.giveBack(CheckoutRound.key(d.sessionId(), sku), orderId, q, clock.instant(), returned);
                purchases.drop(CheckoutRound.purchaseKey(d.sessionId(), d.customerId(), sku), orderId);
            });
            mongo.updateFirst(query(where("_id").is(orderId)), new Update().set("stockReturned", true),
                    OrderDoc.class);
        }
        bySku.keySet().forEach(sku -> stock.endHold(CheckoutRound.key(d.sessionId(), sku), "return:" + orderId, 0));
    }

    Duration returnWindow() {
        return returnWindow;
    }

    /**
     * Applies {@code command} with compare-and-set on the order's version and content: the write lands only if
     * nobody changed the order since it was read, and it was read whole; a lost race re-reads and tries again. A
     * command that leaves the order as it was (a retried payment or refund) writes nothing and publishes nothing.
     */
    private Order change(String orderId, UnaryOperator<Order> command, Function<Order, OutboxRecord> event) {
        return change(orderId, command, event, changed -> { });
    }

    /** {@link #change}, telling {@code landed} of the order as changed once its write has landed. */
    private Order change(String orderId, UnaryOperator<Order> command, Function<Order, OutboxRecord> event,
                         Consumer<Order> landed) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            OrderDoc current = load(orderId);
            Order before = current.toOrder();
            Order after = command.apply(before);
            if (after == before) {
                return before;
            }
            Update u = new Update().set("status", after.status().name()).set("lines", after.lines())
                    .set("paidAt", after.paidAt()).set("refunds", after.refunds())
                    .set("fulfilment", after.fulfilment()).set("shipment", after.shipment())
                    .set("deliveredAt", after.deliveredAt()).set("completedAt", after.completedAt())
                    .set("cancelledAt", after.cancelledAt()).set("version", current.version() + 1)
                    .set("rev", OrderDoc.rev(after, current.version() + 1));
            if (event != null) {
                u.push("outbox", event.apply(after));
            }
            if (after.paymentId() != null) {
                u.set("paymentId", after.paymentId());
            }
            // the key of the order as read: a read caught half-way through another change finds no document
            var q = query(where("rev").is(current.expectedRev()));
            if (mongo.updateFirst(q, u, OrderDoc.class).getModifiedCount() == 1) {
                if (event != null) {
                    relay.wake(OrderDoc.class, orderId);
                }
                landed.accept(after);
                return after;
            }
        }
        throw new ConflictException("orderId", "order " + orderId + " is being changed concurrently; retry");
    }

    private OrderDoc load(String id) {
        OrderDoc d = mongo.findById(id, OrderDoc.class);
        if (d == null || d.isAbandoned()) {
            throw new NotFoundException("order", id);
        }
        return d;
    }
}
