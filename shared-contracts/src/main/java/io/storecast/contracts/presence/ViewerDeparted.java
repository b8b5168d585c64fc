package io.storecast.contracts.presence;

import java.time.Instant;

/**
 * A customer left a live session. Published as the leave happens, without a database read, so it carries
 * no watch time: room-service's presence stream sums each viewer's time between joins and departures.
 * Replaces {@link ViewerLeft}, whose {@code watchedSeconds} needed that read.
 */
public record ViewerDeparted(String sessionId, String roomId, String customerId, Instant departedAt) {
}
