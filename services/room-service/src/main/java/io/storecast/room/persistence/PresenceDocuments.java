package io.storecast.room.persistence;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * The presence counts, written only by the presence stream in bulk, whole values at a time: a re-written
 * document is the same document. (Each viewer's state stays in the stream's stores.)
 */
public final class PresenceDocuments {

    private PresenceDocuments() {
    }

    /** A session's viewer counts. */
    @Document("session_stats")
    public record SessionStatsDoc(@Id String id, long concurrent, long peak, long unique, Instant updatedAt) {
    }

    /** Distinct viewers who joined a session through one ref; id {@code sessionId|ref}. */
    @Document("session_refs")
    public record SessionRefDoc(@Id String id, String sessionId, String ref, long viewers) {
    }
}
