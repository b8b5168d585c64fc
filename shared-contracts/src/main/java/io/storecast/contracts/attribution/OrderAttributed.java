package io.storecast.contracts.attribution;

import java.time.Instant;

/**
 * The attribution decision for a paid order. {@code creditedType} is {@code STORE}, {@code DEALER} or
 * {@code HQ}; the winning touch fields are null when no touch qualified.
 */
public record OrderAttributed(String orderId, String customerId, int decisionVersion, int policyVersion,
                              String model, String creditedType, String storeId, String dealerId, String staffId,
                              String winningCode, String winningKind, Instant winningAt, int candidateCount,
                              String reason, Instant decidedAt) {
}
