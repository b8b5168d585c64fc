package io.storecast.contracts.rooms;

import java.time.Instant;

/** A broadcast session was scheduled in a room. */
public record SessionScheduled(String sessionId, String roomId, String title, Instant scheduledStart) {
}
