package io.storecast.order.domain;

import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A customer's order. Amounts are in minor units (fen): a line's amount is its unit price times its quantity,
 * the total is the sum of the lines, a payment must match the total exactly, and refunds per line never exceed
 * what was paid for that line.
 *
 * <pre>
 * PLACED ──pay──▶ PAID ──ship──▶ SHIPPED ──deliver──▶ DELIVERED ──return window passed──▶ COMPLETED
 *   │               └──────────────┴──────────────────────┴──every line refunded in full──▶ REFUNDED
 *   └──not paid within the payment timeout──▶ CANCELLED
 * </pre>
 */
public record Order(String id, String clientOrderId, String customerId, String sessionId, String ref, Status status,
                    List<Line> lines, long total, String currency, Instant placedAt, Instant paidAt, String paymentId,
                    List<Refund> refunds, Fulfilment fulfilment, Shipment shipment, Instant deliveredAt,
                    Instant completedAt, Instant cancelledAt) {

    public enum Status { PLACED, PAID, SHIPPED, DELIVERED, COMPLETED, CANCELLED, REFUNDED }

    /** The most units of one line; keeps every sum of quantities far from overflowing. */
    public static final int MAX_QUANTITY = 10_000;

    private static final Set<Status> REFUNDABLE = Set.of(Status.PAID, Status.SHIPPED, Status.DELIVERED);

    /** What the customer asked for, priced from the catalog. */
    public record Item(String sku, String category, int quantity, long unitPrice) {
    }

    /** {@code lineNo} counts from 1; {@code refunded} is what has been refunded on this line so far. */
    public record Line(int lineNo, String sku, String category, int quantity, long unitPrice, long amount,
                       long refunded) {

        public long refundable() {
            return amount - refunded;
        }
    }

    /** One applied refund; {@code refundSeq} numbers the order's refunds 1, 2, … */
    public record Refund(String refundId, int refundSeq, int lineNo, long amount, Instant refundedAt) {
    }

    /** Who ships the order, as store-distribution assigned it: {@code STORE} with its id, or {@code HQ_WAREHOUSE}. */
    public record Fulfilment(String assignee, String storeId, String reason, Instant assignedAt) {
    }

    public record Shipment(String carrier, String trackingNo, Instant shippedAt) {
    }

    public Order {
        lines = List.copyOf(lines);
        refunds = List.copyOf(refunds);
    }

    public static Order place(String id, String clientOrderId, String customerId, String sessionId, String ref,
                              List<Item> items, String currency, Instant at) {
        if (items.isEmpty()) {
            throw new InvalidFieldException("lines", "an order needs at least one line", 400);
        }
        List<Line> lines = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String field = "lines[" + i + "].quantity";
            if (item.quantity() < 1 || item.quantity() > MAX_QUANTITY) {
                throw new InvalidFieldException(field, "quantity must be 1 to " + MAX_QUANTITY + ", was "
                        + item.quantity(), 400);
            }
            try {
                long amount = Math.multiplyExact(item.unitPrice(), item.quantity());
                total = Math.addExact(total, amount);
                lines.add(new Line(i + 1, item.sku(), item.category(), item.quantity(), item.unitPrice(), amount, 0));
            } catch (ArithmeticException e) {
                throw new InvalidFieldException(field, "quantity " + item.quantity() + " is too large");
            }
        }
        return new Order(id, clientOrderId, customerId, sessionId, ref, Status.PLACED, lines, total, currency, at,
                null, null, List.of(), null, null, null, null, null);
    }

    /** Confirms payment of the whole total. The same {@code paymentId} again returns this order unchanged. */
    public Order pay(String paymentId, long amount, Instant at) {
        if (paymentId.equals(this.paymentId)) {
            return this;
        }
        if (status == Status.CANCELLED) {
            throw new ConflictException("orderId", "order " + id + " was cancelled at " + cancelledAt
                    + " because it was not paid in time; payment " + paymentId + " must be returned to the customer");
        }
        if (status != Status.PLACED) {
            throw new ConflictException("paymentId", "order " + id + " is already " + status + " with another payment");
        }
        if (amount != total) {
            throw new InvalidFieldException("amount",
                    "amount must equal the order total of " + total + " fen, was " + amount);
        }
        return new Order(id, clientOrderId, customerId, sessionId, ref, Status.PAID, lines, total, currency, placedAt,
                at, paymentId, refunds, fulfilment, shipment, deliveredAt, completedAt, cancelledAt);
    }

    /** Whether an unpaid order is overdue: placed more than {@code timeout} before {@code now}. */
    public boolean unpaidPast(Duration timeout, Instant now) {
        return status == Status.PLACED && !placedAt.plus(timeout).isAfter(now);
    }

    /** Cancels an order left unpaid; any other order is returned unchanged. */
    public Order cancelUnpaid(Instant at) {
        if (status != Status.PLACED) {
            return this;
        }
        return new Order(id, clientOrderId, customerId, sessionId, ref, Status.CANCELLED, lines, total, currency,
                placedAt, paidAt, paymentId, refunds, fulfilment, shipment, deliveredAt, completedAt, at);
    }

    /** Records who ships the order. The first assignment stands; a repeated one changes nothing. */
    public Order assign(Fulfilment f) {
        if (fulfilment != null) {
            return this;
        }
        return new Order(id, clientOrderId, customerId, sessionId, ref, status, lines, total, currency, placedAt,
                paidAt, paymentId, refunds, f, shipment, deliveredAt, completedAt, cancelledAt);
    }

    /** A paid order leaves its fulfiller; it must have been assigned one. */
    public Order ship(String carrier, String trackingNo, Instant at) {
        if (status != Status.PAID) {
            throw new ConflictException("status", "order " + id + " is " + status + "; only a PAID order can be shipped");
        }
        if (fulfilment == null) {
            throw new ConflictException("fulfilment", "order " + id
                    + " has no fulfilment assignment yet (store-distribution decides who ships it once it is paid)");
        }
        return new Order(id, clientOrderId, customerId, sessionId, ref, Status.SHIPPED, lines, total, currency,
                placedAt, paidAt, paymentId, refunds, fulfilment, new Shipment(carrier, trackingNo, at), deliveredAt,
                completedAt, cancelledAt);
    }

    public Order deliver(Instant at) {
        if (status != Status.SHIPPED) {
            throw new ConflictException("status", "order " + id + " is " + status
                    + "; only a SHIPPED order can be delivered");
        }
        return new Order(id, clientOrderId, customerId, sessionId, ref, Status.DELIVERED, lines, total, currency,
                placedAt, paidAt, paymentId, refunds, fulfilment, shipment, at, completedAt, cancelledAt);
    }

    /** Whether the return window after delivery has passed at {@code now}. */
    public boolean returnWindowPassed(Duration returnWindow, Instant now) {
        return status == Status.DELIVERED && !deliveredAt.plus(returnWindow).isAfter(now);
    }

    /** Completes a delivered order whose return window has passed; any other order is returned unchanged. */
    public Order complete(Duration returnWindow, Instant at) {
        if (!returnWindowPassed(returnWindow, at)) {
            return this;
        }
        return new Order(id, clientOrderId, customerId, sessionId, ref, Status.COMPLETED, lines, total, currency,
                placedAt, paidAt, paymentId, refunds, fulfilment, shipment, deliveredAt, at, cancelledAt);
    }

    /**
     * Refunds {@code amount} fen of one line of a paid, shipped or delivered order. The same {@code refundId}
     * again returns this order unchanged. Once every line is fully refunded the order is {@code REFUNDED}.
     */
    public Order refund(String refundId, int lineNo, long amount, Instant at) {
        if (refunds.stream().anyMatch(r -> r.refundId().equals(refundId))) {
            return this;
        }
        if (!REFUNDABLE.contains(status)) {
            throw new ConflictException("status", "order " + id + " is " + status + "; only a PAID, SHIPPED or "
                    + "DELIVERED order with something left to refund can be refunded");
        }
        Line line = line(lineNo);
        if (amount < 1) {
            throw new InvalidFieldException("amount", "a refund is at least 1 fen, was " + amount);
        }
        if (amount > line.refundable()) {
            throw new InvalidFieldException("amount", "at most " + line.refundable() + " fen of line " + lineNo
                    + " can still be refunded, asked " + amount);
        }
        List<Line> after = lines.stream().map(l -> l.lineNo() != lineNo ? l : new Line(l.lineNo(), l.sku(),
                l.category(), l.quantity(), l.unitPrice(), l.amount(), l.refunded() + amount)).toList();
        List<Refund> applied = new ArrayList<>(refunds);
        applied.add(new Refund(refundId, refunds.size() + 1, lineNo, amount, at));
        Status next = after.stream().allMatch(l -> l.refundable() == 0) ? Status.REFUNDED : status;
        return new Order(id, clientOrderId, customerId, sessionId, ref, next, after, total, currency, placedAt,
                paidAt, paymentId, applied, fulfilment, shipment, deliveredAt, completedAt, cancelledAt);
    }

    public Line line(int lineNo) {
        return lines.stream().filter(l -> l.lineNo() == lineNo).findFirst()
                .orElseThrow(() -> new InvalidFieldException("lineNo",
                        "order " + id + " has no line " + lineNo + "; its lines are 1.." + lines.size()));
    }

    public Refund lastRefund() {
        return refunds.getLast();
    }
}
