package io.storecast.contracts.rooms;

import java.time.Instant;

/** A broadcast session went live. */
public record SessionStarted(String sessionId, String roomId, Instant startedAt) {
}
