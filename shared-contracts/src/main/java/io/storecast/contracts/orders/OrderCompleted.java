package io.storecast.contracts.orders;

import java.time.Instant;

/**
 * A delivered order's return window ({@code returnWindowDays}) passed with nothing left open: it can no longer
 * be refunded, and its commission becomes settleable.
 */
public record OrderCompleted(String orderId, String customerId, Instant deliveredAt, int returnWindowDays,
                             Instant completedAt) {
}
