package io.storecast.contracts.presence;

import java.time.Instant;

/**
 * A customer entered a live session; {@code ref} is the tracked link code they came through, if any.
 * With a ref it is a {@code JOIN} touch for attribution.
 */
public record ViewerJoined(String sessionId, String roomId, String customerId, String ref, Instant joinedAt) {
}
