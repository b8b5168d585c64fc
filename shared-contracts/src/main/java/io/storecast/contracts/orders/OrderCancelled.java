package io.storecast.contracts.orders;

import java.time.Instant;
import java.util.List;

/**
 * An unpaid order was cancelled ({@code reason} {@code UNPAID_TIMEOUT}: not paid within the payment timeout);
 * the flash-sale stock its lines took is back on sale. A cancelled order earns nothing.
 */
public record OrderCancelled(String orderId, String customerId, String sessionId, String reason,
                             List<OrderLine> lines, Instant placedAt, Instant cancelledAt) {
}
