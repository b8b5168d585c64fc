package io.storecast.contracts.orders;

import java.time.Instant;

/**
 * Part or all of one order line was refunded. {@code refundSeq} numbers the order's refunds 1, 2, …;
 * {@code lineRefundedTotal} is the line's refunded total including this refund, never more than
 * {@code linePaid}.
 */
public record OrderRefunded(String orderId, String customerId, String refundId, int refundSeq, int lineNo,
                            long amount, long lineRefundedTotal, long linePaid, String currency, Instant refundedAt) {
}
