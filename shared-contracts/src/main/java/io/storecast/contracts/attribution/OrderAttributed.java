package io.storecast.contracts.attribution;

import io.storecast.contracts.orders.OrderLine;

import java.time.Instant;
import java.util.List;

/**
 * The attribution decision for a paid order. {@code creditedType} is {@code STORE}, {@code DEALER} or
 * {@code HQ}; the winning touch fields are null when no touch qualified. {@code lines} are the paid
 * order's lines, so fulfilment can act on the decision alone.
 */
public record OrderAttributed(String orderId, String customerId, int decisionVersion, int policyVersion,
                              String model, String creditedType, String storeId, String dealerId, String staffId,
                              String winningCode, String winningKind, Instant winningAt, int candidateCount,
                              String reason, Instant decidedAt, List<OrderLine> lines) {
}
