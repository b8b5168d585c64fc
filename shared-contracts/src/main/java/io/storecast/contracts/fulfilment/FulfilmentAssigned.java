package io.storecast.contracts.fulfilment;

import java.time.Instant;
import java.util.List;

/**
 * Who ships a paid order: {@code assignee} is {@code STORE} (the credited store, whose stock is now
 * reserved for every line) or {@code HQ_WAREHOUSE}; {@code storeId} is null for the warehouse.
 */
public record FulfilmentAssigned(String orderId, String customerId, String assignee, String storeId,
                                 List<Item> items, String reason, Instant assignedAt) {

    public record Item(int lineNo, String sku, int quantity) {
    }
}
