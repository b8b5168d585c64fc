package io.storecast.contracts.presence;

import java.time.Instant;

/**
 * A customer reserved a scheduled session, through a link when {@code ref} is present (a {@code RESERVE}
 * touch for attribution). One per customer and session.
 */
public record ViewerReserved(String sessionId, String roomId, String customerId, String ref, Instant reservedAt) {
}
