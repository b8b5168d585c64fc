package io.storecast.order.persistence;

import io.storecast.order.domain.FlashStock;
import io.storecast.order.domain.Order;
import io.storecast.order.domain.Product;
import io.storecast.platform.outbox.OutboxRecord;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Mongo documents of order-service. An order carries the events of its later changes in {@code outbox}. */
public final class OrderDocuments {

    /** Left where a checkout round's order was never written, so that a late write of it cannot land. */
    public static final String ABANDONED = "ABANDONED";

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
     * {@code version} grows by one with every change; a change is written only where the order still has the
     * version it was computed from: compare-and-set on {@code rev} ({@code <id>@<version>#<digest>}, unique), one
     * string key the local store indexes cheaply. The digest is of what a change reads and writes, so the key a
     * change expects ({@link #expectedRev}) is computed from the order as it was read: the local store
     * (mongo-java-server) can hand a reader a document half-way through another writer's update — old lines with the
     * new version — and a change computed from that read must not land (it once accepted six refunds of 100 on a
     * line of 500). On MongoDB, whose reads never see half a write, the digest changes nothing.
     * {@code stockReturned} tells that a cancelled order's units are back.
     */
    @Document("orders")
    public record OrderDoc(@Id String id, String clientOrderId, String customerId, String sessionId,
                           String ref, String status, List<Order.Line> lines, long total, String currency,
                           Instant placedAt, Instant paidAt, String paymentId, List<Order.Refund> refunds,
                           Order.Fulfilment fulfilment, Order.Shipment shipment, Instant deliveredAt,
                           Instant completedAt, Instant cancelledAt, boolean stockReturned, long version,
                           String rev, String placedBy, List<OutboxRecord> outbox) {

        /** {@code placedBy}: the stock hold of the checkout round that wrote the order. */
        public static OrderDoc of(Order o, String placedBy) {
            return new OrderDoc(o.id(), o.clientOrderId(), o.customerId(), o.sessionId(), o.ref(), o.status().name(),
                    o.lines(), o.total(), o.currency(), o.placedAt(), o.paidAt(), o.paymentId(), o.refunds(),
                    o.fulfilment(), o.shipment(), o.deliveredAt(), o.completedAt(), o.cancelledAt(), false, 0,
                    rev(o, 0), placedBy, List.of());
        }

        public static OrderDoc abandoned(String id) {
            return new OrderDoc(id, "abandoned:" + id, null, null, null, ABANDONED, List.of(), 0, null, null, null,
                    null, List.of(), null, null, null, null, null, true, 0, rev(id, 0), null, List.of());
        }

        public static String rev(String id, long version) {
            return id + "@" + version;
        }

        /** The compare-and-set key of order {@code o} at {@code version}. */
        public static String rev(Order o, long version) {
            return rev(o.id(), version) + "#" + digest(content(o));
        }

        /**
         * The key a change of this document must find: the one its content read gives (an order written before keys
         * carried a digest keeps its plain key until its next change).
         */
        public String expectedRev() {
            return rev.contains("#") ? rev(toOrder(), version) : rev;
        }

        /** Of every field a change reads or writes; times in milliseconds, as the store keeps them. */
        private static StringBuilder content(Order o) {
            StringBuilder b = new StringBuilder().append(o.status()).append('|').append(o.paymentId()).append('|')
                    .append(ms(o.paidAt()));
            o.lines().forEach(l -> b.append("|l").append(l.lineNo()).append(':').append(l.quantity()).append(':')
                    .append(l.amount()).append(':').append(l.refunded()));
            o.refunds().forEach(r -> b.append("|r").append(r.refundId()).append(':').append(r.refundSeq()).append(':')
                    .append(r.lineNo()).append(':').append(r.amount()).append(':').append(ms(r.refundedAt())));
            if (o.fulfilment() != null) {
                b.append("|f").append(o.fulfilment().assignee()).append(':').append(o.fulfilment().storeId())
                        .append(':').append(o.fulfilment().reason()).append(':')
                        .append(ms(o.fulfilment().assignedAt()));
            }
            if (o.shipment() != null) {
                b.append("|s").append(o.shipment().carrier()).append(':').append(o.shipment().trackingNo())
                        .append(':').append(ms(o.shipment().shippedAt()));
            }
            b.append('|').append(ms(o.deliveredAt())).append('|').append(ms(o.completedAt())).append('|')
                    .append(ms(o.cancelledAt()));
            return b;
        }

        public boolean isAbandoned() {
            return ABANDONED.equals(status);
        }

        public Order toOrder() {
            return new Order(id, clientOrderId, customerId, sessionId, ref, Order.Status.valueOf(status), lines, total,
                    currency, placedAt, paidAt, paymentId, refunds == null ? List.of() : refunds, fulfilment,
                    shipment, deliveredAt, completedAt, cancelledAt);
        }
    }

    /** A payment id, claimed by the one order it paid: the same callback again finds its own claim. */
    @Document("payment_claims")
    public record PaymentClaim(@Id String paymentId, String orderId) {
    }

    /**
     * The units one customer holds of one SKU in one session, id {@code sessionId/customerId/sku}: order id →
     * units, so recording an order twice, or dropping it twice (cancelled, abandoned), changes nothing.
     */
    @Document("purchases")
    public record PurchaseDoc(@Id String id, java.util.Map<String, Integer> orders) {
    }

    /** A short digest of a document's content, for compare-and-set keys that a half-written read cannot match. */
    private static String digest(CharSequence content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(content.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Long ms(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    /**
     * A session's flash-sale stock of one SKU, id {@code sessionId/sku}; compare-and-set on {@code rev}
     * ({@code <id>@<version>#<digest>}, unique), for the reason {@link OrderDoc} gives: a take computed from a
     * half-written read (old units on sale with the new version) must not land, or the SKU is oversold.
     */
    @Document("flash_stock")
    public record StockDoc(@Id String id, String sessionId, String sku, long allocated, long remaining,
                           int perCustomerLimit, long version, String rev, List<FlashStock.Hold> holds) {

        public static StockDoc of(FlashStock s) {
            return new StockDoc(id(s), s.sessionId(), s.sku(), s.allocated(), s.remaining(), s.perCustomerLimit(),
                    s.version(), rev(s), s.holds());
        }

        public static String id(FlashStock s) {
            return s.sessionId() + "/" + s.sku();
        }

        /** The compare-and-set key of stock {@code s}, from its version and content. */
        public static String rev(FlashStock s) {
            StringBuilder b = new StringBuilder().append(s.allocated()).append('|').append(s.remaining()).append('|')
                    .append(s.perCustomerLimit());
            for (FlashStock.Hold h : s.holds()) {
                b.append("|h").append(h.holdId()).append(':').append(ms(h.at()));
                h.units().forEach(u -> b.append(':').append(u.orderId()).append('/').append(u.customerId()).append('/')
                        .append(u.quantity()));
            }
            return OrderDoc.rev(id(s), s.version()) + "#" + digest(b);
        }

        public FlashStock toStock() {
            return new FlashStock(sessionId, sku, allocated, remaining, perCustomerLimit, version, holds);
        }
    }
}
