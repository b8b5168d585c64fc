package io.storecast.distribution.persistence;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** The {@code sessions} view, fed by room-service's events: what a poster says about a broadcast. */
public final class SessionViewDocuments {

    private SessionViewDocuments() {
    }

    /** What we know of a broadcast session from room-service's {@code SessionScheduled}; id is the session id. */
    @Document("sessions")
    public record SessionViewDoc(@Id String id, String roomId, String title, Instant scheduledStart) {
    }
}
