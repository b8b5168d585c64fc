package io.storecast.order.domain;

import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A customer's order: {@code PLACED → PAID → REFUNDED}. Amounts are in minor units (fen): a line's
 * amount is its unit price times its quantity, the total is the sum of the lines, a payment must match
 * the total exactly, and refunds per line never exceed what was paid for that line.
 */
public record Order(String id, String clientOrderId, String customerId, String sessionId, String ref, Status status,
                   List<Line> lines, long total, String currency, Instant placedAt, Instant paidAt, String paymentId,
                   List<Refund> refunds) {

    public enum Status { PLACED, PAID, REFUNDED }

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
            if (item.quantity() < 1) {
                throw new InvalidFieldException(field, "quantity must be at least 1, was " + item.quantity());
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
                null, null, List.of());
    }

    /** Confirms payment of the whole total. The same {@code paymentId} again returns this order unchanged. */
    public Order pay(String paymentId, long amount, Instant at) {
        if (paymentId.equals(this.paymentId)) {
            return this;
        }
        if (status != Status.PLACED) {
            throw new ConflictException("paymentId", "order " + id + " is already " + status + " with another payment");
        }
        if (amount != total) {
            throw new InvalidFieldException("amount",
                    "amount must equal the order total of " + total + " fen, was " + amount);
        }
        return new Order(id, clientOrderId, customerId, sessionId, ref, Status.PAID, lines, total, currency, placedAt,
                at, paymentId, refunds);
    }

    /**
     * Refunds {@code amount} fen of one line. The same {@code refundId} again returns this order unchanged.
     * Once every line is fully refunded the order is {@code REFUNDED}.
     */
    public Order refund(String refundId, int lineNo, long amount, Instant at) {
        if (refunds.stream().anyMatch(r -> r.refundId().equals(refundId))) {
            return this;
        }
        if (status != Status.PAID) {
            throw new ConflictException("status", "order " + id + " is " + status + "; only a PAID order with "
                    + "something left to refund can be refunded");
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
        Status next = after.stream().allMatch(l -> l.refundable() == 0) ? Status.REFUNDED : Status.PAID;
        return new Order(id, clientOrderId, customerId, sessionId, ref, next, after, total, currency, placedAt,
                paidAt, paymentId, applied);
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
