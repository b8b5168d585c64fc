package io.storecast.contracts.orders;

import java.time.Instant;
import java.util.List;

/** An order was paid in full. Carries what attribution and commission need, so they keep no order copy. */
public record OrderPaid(String orderId, String customerId, String sessionId, String ref, String paymentId,
                        List<OrderLine> lines, long amount, String currency, Instant placedAt, Instant paidAt) {
}
