package io.storecast.contracts.links;

import java.time.Instant;

/**
 * A tracked link was issued. {@code ownerType} is {@code STORE}, {@code STAFF} or {@code DEALER};
 * {@code storeId} is the owner's store (null for a dealer link); {@code sessionId} is optional.
 */
public record LinkIssued(String code, String ownerType, String ownerId, String storeId, String dealerId,
                         String roomId, String sessionId, String channel, Instant issuedAt, Instant expiresAt) {
}
