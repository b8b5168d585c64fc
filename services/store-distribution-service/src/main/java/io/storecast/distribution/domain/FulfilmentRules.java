package io.storecast.distribution.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who ships a paid order (PRODUCT.md, Fulfilment): the store it is credited to, when that store is active
 * and holds stock for every line; otherwise the HQ warehouse. A store's reservation for an order ends when
 * every line is refunded in full. (Cancelling a paid order does not exist yet; it will release the same way.)
 */
public final class FulfilmentRules {

    public enum Assignee { STORE, HQ_WAREHOUSE }

    public enum StoreStatus { ACTIVE, INACTIVE, UNKNOWN }

    /** A paid order line as fulfilment keeps it; {@code amount} is what was paid for it. */
    public record Line(int lineNo, String sku, int quantity, long amount) {
    }

    /** A refund of part or all of a line; {@code lineRefundedTotal} includes this refund. */
    public record Refund(String refundId, int lineNo, long amount, long lineRefundedTotal, Instant refundedAt) {
    }

    /** {@code storeId} is null for the warehouse. */
    public record Decision(Assignee assignee, String storeId, String reason) {
    }

    private FulfilmentRules() {
    }

    /**
     * Why the order cannot ship from a store whatever the stock, or empty when its credited store may ship it.
     * {@code status} is the status of {@code storeId} (UNKNOWN when there is none).
     */
    public static Optional<String> refusal(String creditedType, String storeId, String dealerId, StoreStatus status) {
        if ("HQ".equals(creditedType)) {
            return Optional.of("credited to HQ");
        }
        if ("DEALER".equals(creditedType)) {
            return Optional.of("credited to dealer " + dealerId + " through a dealer link");
        }
        if (!"STORE".equals(creditedType)) {
            return Optional.of("credited to " + creditedType);
        }
        if (storeId == null) {
            return Optional.of("credited to a store without a store id");
        }
        return switch (status) {
            case ACTIVE -> Optional.empty();
            case INACTIVE -> Optional.of("store " + storeId + " is inactive");
            case UNKNOWN -> Optional.of("store " + storeId + " is unknown");
        };
    }

    public static Decision toStore(String storeId) {
        return new Decision(Assignee.STORE, storeId, "store " + storeId + " holds stock for every line");
    }

    public static Decision toWarehouse(String reason) {
        return new Decision(Assignee.HQ_WAREHOUSE, null, reason);
    }

    public static Decision noStock(String sku, String storeId) {
        return toWarehouse("no stock of " + sku + " at " + storeId);
    }

    /**
     * Units to reserve per SKU: lines of one SKU are added up, so an order holds at most one reservation per
     * store and SKU. Sorted by SKU, so every attempt at one order walks the SKUs in the same order.
     */
    public static Map<String, Integer> quantitiesBySku(List<Line> lines) {
        Map<String, Integer> bySku = new TreeMap<>();
        for (Line l : lines) {
            bySku.merge(l.sku(), l.quantity(), Integer::sum);
        }
        return bySku;
    }

    /** True once every line's refunded total has reached what was paid for it. */
    public static boolean fullyRefunded(List<Line> lines, List<Refund> refunds) {
        if (lines.isEmpty()) {
            return false;
        }
        for (Line line : lines) {
            long refunded = refunds.stream().filter(r -> r.lineNo() == line.lineNo())
                    .mapToLong(Refund::lineRefundedTotal).max().orElse(0);
            if (refunded < line.amount()) {
                return false;
            }
        }
        return true;
    }
}
