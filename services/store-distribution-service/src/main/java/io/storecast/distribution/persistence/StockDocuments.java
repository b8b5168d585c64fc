package io.storecast.distribution.persistence;

import io.storecast.distribution.domain.FulfilmentRules.Line;
import io.storecast.distribution.domain.FulfilmentRules.Refund;
import io.storecast.platform.outbox.OutboxRecord;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/** Mongo documents of store stock and fulfilment assignments. */
public final class StockDocuments {

    private StockDocuments() {
    }

    public static String stockId(String storeId, String sku) {
        return storeId + ":" + sku;
    }

    /**
     * One SKU at one store; id {@code <storeId>:<sku>}. {@code available = onHand − reserved} is stored so a
     * reservation is one conditional update ({@code available >= q}); {@code reservedFor} lists the orders
     * holding units, which makes reserving and releasing idempotent per order. {@code version} counts the
     * changes. {@code adjustments} keeps the latest manual adjustments with their reasons.
     */
    @Document("store_stock")
    public record StockDoc(@Id String id, String storeId, String sku, long onHand, long reserved, long available,
                           List<String> reservedFor, long version, List<Adjustment> adjustments) {
    }

    public record Adjustment(long delta, String reason, Instant at) {
    }

    /**
     * Who ships one order; id = the order id, inserted once. {@code storeId} is the shipping store (null for
     * the warehouse); {@code stockStoreId} is the store whose stock this order may hold a reservation at (the
     * credited store, when it was asked for stock), so a release knows where to go. The FulfilmentAssigned
     * event travels in {@code outbox}.
     */
    @Document("fulfilment_assignments")
    public record AssignmentDoc(@Id String orderId, String customerId, String assignee, String storeId, String reason,
                                String stockStoreId, List<Line> lines, List<Refund> refunds, Instant assignedAt,
                                Instant releasedAt, List<OutboxRecord> outbox) {
    }
}
