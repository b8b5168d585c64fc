package io.storecast.room.domain;

import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;

import java.time.Instant;

/** One broadcast in a room: {@code SCHEDULED → LIVE → ENDED}, nothing else. */
public record BroadcastSession(String id, String roomId, String title, Instant scheduledStart, Status status,
                               Instant startedAt, Instant endedAt) {

    public enum Status { SCHEDULED, LIVE, ENDED }

    public static BroadcastSession schedule(String id, String roomId, String title, Instant scheduledStart) {
        if (title == null || title.isBlank()) {
            throw new InvalidFieldException("title", "title is required");
        }
        if (scheduledStart == null) {
            throw new InvalidFieldException("scheduledStart", "scheduledStart is required");
        }
        return new BroadcastSession(id, roomId, title, scheduledStart, Status.SCHEDULED, null, null);
    }

    public BroadcastSession start(Instant at) {
        if (status != Status.SCHEDULED) {
            throw new ConflictException("status", "session " + id + " is " + status + "; only a SCHEDULED session can start");
        }
        return new BroadcastSession(id, roomId, title, scheduledStart, Status.LIVE, at, null);
    }

    public BroadcastSession end(Instant at) {
        if (status != Status.LIVE) {
            throw new ConflictException("status", "session " + id + " is " + status + "; only a LIVE session can end");
        }
        return new BroadcastSession(id, roomId, title, scheduledStart, Status.ENDED, startedAt, at);
    }

    public void requireLive() {
        if (status != Status.LIVE) {
            throw new ConflictException("status", "session " + id + " is " + status + "; viewers join a LIVE session");
        }
    }
}
