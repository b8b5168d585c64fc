package io.storecast.order.application;

import io.storecast.contracts.Events;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.order.domain.Order;
import io.storecast.order.domain.OrderIds;
import io.storecast.order.domain.Product;
import io.storecast.order.persistence.OrderDocuments.OrderDoc;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.outbox.OutboxRelay;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import io.storecast.platform.problems.NotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Checkout, payment and refunds. Every change and its event are one single-document write. */
@Service
public class OrderCommands {

    private static final String SOURCE = "order-service";
    private static final int ATTEMPTS = 5;

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final ProductCatalog catalog;
    private final String currency;
    private final Clock clock;

    public OrderCommands(MongoTemplate mongo, OutboxRelay relay, ProductCatalog catalog,
                         @Value("${storecast.currency}") String currency, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.relay = relay;
        this.catalog = catalog;
        this.currency = currency;
    }

    public record Requested(String sku, int quantity) {
    }

    /** The order and whether this call created it ({@code false}: a retry of an earlier checkout). */
    public record Placed(Order order, boolean created) {
    }

    public Placed place(String clientOrderId, String customerId, String sessionId, String ref, List<Requested> lines) {
        String id = OrderIds.of(customerId, clientOrderId);
        OrderDoc existing = mongo.findById(id, OrderDoc.class);
        if (existing != null) {
            return new Placed(sameCheckout(existing, customerId, clientOrderId), false);
        }
        List<Order.Item> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Requested r = lines.get(i);
            Product p = catalog.find(r.sku());
            if (p == null || !p.active()) {
                throw new InvalidFieldException("lines[" + i + "].sku",
                        "sku " + r.sku() + (p == null ? " is not in the catalog" : " is not on sale"));
            }
            items.add(new Order.Item(p.sku(), p.category(), r.quantity(), p.price()));
        }
        String normalizedRef = ref == null || ref.isBlank() ? null : ref.trim();
        Order order = Order.place(id, clientOrderId, customerId, sessionId, normalizedRef, items, currency, now());
        OrderPlaced event = new OrderPlaced(id, clientOrderId, customerId, sessionId, normalizedRef,
                contractLines(order), order.total(), order.currency(), order.placedAt());
        try {
            mongo.insert(OrderDoc.of(order, List.of(OutboxRecord.of(Events.ORDER_PLACED, customerId, id, SOURCE,
                    order.placedAt(), event, id, null))));
        } catch (DuplicateKeyException e) {
            // a concurrent retry of the same checkout got there first
            return new Placed(sameCheckout(mongo.findById(id, OrderDoc.class), customerId, clientOrderId), false);
        }
        relay.wake(OrderDoc.class, id);
        return new Placed(order, true);
    }

    public Order order(String id) {
        return load(id).toOrder();
    }

    public Order pay(String orderId, String paymentId, long amount) {
        return change(orderId, o -> o.pay(paymentId, amount, now()), paid -> OutboxRecord.of(Events.ORDER_PAID,
                paid.customerId(), paid.id(), SOURCE, paid.paidAt(), new OrderPaid(paid.id(), paid.customerId(),
                        paid.sessionId(), paid.ref(), paid.paymentId(), contractLines(paid), paid.total(),
                        paid.currency(), paid.placedAt(), paid.paidAt()), paid.id(), null));
    }

    public Order refund(String orderId, String refundId, int lineNo, long amount) {
        return change(orderId, o -> o.refund(refundId, lineNo, amount, now()), refunded -> {
            Order.Refund r = refunded.lastRefund();
            Order.Line line = refunded.line(r.lineNo());
            return OutboxRecord.of(Events.ORDER_REFUNDED, refunded.customerId(), refunded.id(), SOURCE,
                    r.refundedAt(), new OrderRefunded(refunded.id(), refunded.customerId(), r.refundId(),
                            r.refundSeq(), r.lineNo(), r.amount(), line.refunded(), line.amount(),
                            refunded.currency(), r.refundedAt()), refunded.id(), null);
        });
    }

    /**
     * Applies {@code command} with compare-and-set on {@code version}: the write lands only if nobody changed
     * the order since it was read; a lost race re-reads and tries again. A command that leaves the order as it
     * was (a retried payment or refund) writes nothing and publishes nothing.
     */
    private Order change(String orderId, UnaryOperator<Order> command, Function<Order, OutboxRecord> event) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            OrderDoc current = load(orderId);
            Order before = current.toOrder();
            Order after = command.apply(before);
            if (after == before) {
                return before;
            }
            Update u = new Update().set("status", after.status().name()).set("lines", after.lines())
                    .set("paidAt", after.paidAt()).set("refunds", after.refunds())
                    .inc("version", 1).push("outbox", event.apply(after));
            if (after.paymentId() != null) {
                u.set("paymentId", after.paymentId());
            }
            Query q = Query.query(Criteria.where("_id").is(orderId).and("version").is(current.version()));
            try {
                if (mongo.updateFirst(q, u, OrderDoc.class).getModifiedCount() == 1) {
                    relay.wake(OrderDoc.class, orderId);
                    return after;
                }
            } catch (DuplicateKeyException e) {
                // the unique index on paymentId: one payment can pay one order only
                throw new ConflictException("paymentId", "payment " + after.paymentId() + " already paid another order");
            }
        }
        throw new ConflictException(null, "order " + orderId + " is being changed concurrently; retry");
    }

    private OrderDoc load(String id) {
        OrderDoc d = mongo.findById(id, OrderDoc.class);
        if (d == null) {
            throw new NotFoundException("order", id);
        }
        return d;
    }

    /** Guards the derived id: a stored order answers a retry only if it really is that customer's checkout. */
    private static Order sameCheckout(OrderDoc d, String customerId, String clientOrderId) {
        if (!d.customerId().equals(customerId) || !d.clientOrderId().equals(clientOrderId)) {
            throw new ConflictException("clientOrderId", "clientOrderId " + clientOrderId + " cannot be used");
        }
        return d.toOrder();
    }

    private static List<OrderLine> contractLines(Order o) {
        return o.lines().stream().map(l -> new OrderLine(l.lineNo(), l.sku(), l.category(), l.quantity(),
                l.unitPrice(), l.amount())).toList();
    }

    /** Millisecond precision, as the store keeps it, so an order reads back exactly as it was answered. */
    private Instant now() {
        return clock.instant();
    }
}
