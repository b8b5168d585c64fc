package io.storecast.contracts.orders;

import java.time.Instant;

/**
 * A paid order left its fulfiller: {@code assignee} {@code STORE} (with {@code storeId}) or {@code HQ_WAREHOUSE},
 * as store-distribution assigned it; {@code carrier} and {@code trackingNo} when the shipper gave them.
 */
public record OrderShipped(String orderId, String customerId, String assignee, String storeId, String carrier,
                           String trackingNo, Instant shippedAt) {
}
