package io.storecast.contracts.orders;

import java.time.Instant;

/** The customer received a shipped order; the return window runs from {@code deliveredAt}. */
public record OrderDelivered(String orderId, String customerId, Instant deliveredAt) {
}
