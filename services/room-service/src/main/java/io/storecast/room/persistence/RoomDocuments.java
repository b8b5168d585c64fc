package io.storecast.room.persistence;

import io.storecast.platform.outbox.OutboxRecord;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/** Mongo documents of room-service. Each carries the events of its last change in {@code outbox}. */
public final class RoomDocuments {

    private RoomDocuments() {
    }

    @Document("rooms")
    public record RoomDoc(@Id String id, String ownerType, String ownerId, String name, String watchUrl,
                          Instant createdAt, List<OutboxRecord> outbox) {
    }

    @Document("sessions")
    public record SessionDoc(@Id String id, String roomId, String title, Instant scheduledStart, String status,
                             Instant startedAt, Instant endedAt, List<OutboxRecord> outbox) {
    }

    /** One customer in one session; id {@code sessionId:customerId}. */
    @Document("viewers")
    public record ViewerDoc(@Id String id, String sessionId, String customerId, boolean present, Instant joinedAt,
                            String ref, long watchedSeconds, List<OutboxRecord> outbox) {
    }
}
