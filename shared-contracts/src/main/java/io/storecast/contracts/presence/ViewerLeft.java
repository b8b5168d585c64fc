package io.storecast.contracts.presence;

import java.time.Instant;

/**
 * A customer left a live session after watching {@code watchedSeconds} since they joined.
 *
 * @deprecated no longer published: the watch time needed a database read per leave. Kept so that
 * records already on the topic stay readable; room-service publishes {@link ViewerDeparted} instead.
 */
@Deprecated
public record ViewerLeft(String sessionId, String roomId, String customerId, Instant leftAt, long watchedSeconds) {
}
