package io.storecast.contracts.presence;

import java.time.Instant;

/** A customer left a live session after watching {@code watchedSeconds} since they joined. */
public record ViewerLeft(String sessionId, String roomId, String customerId, Instant leftAt, long watchedSeconds) {
}
