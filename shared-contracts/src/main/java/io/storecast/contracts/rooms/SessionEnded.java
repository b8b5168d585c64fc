package io.storecast.contracts.rooms;

import java.time.Instant;

/** A live session ended: nobody joins it any more and its counts are final. */
public record SessionEnded(String sessionId, String roomId, Instant endedAt) {
}
