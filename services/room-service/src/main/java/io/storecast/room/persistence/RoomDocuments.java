package io.storecast.room.persistence;

import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.room.domain.BroadcastSession.Segment;
import io.storecast.room.domain.LineupItem;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * Mongo documents of room-service. Those written by a command carry the events of their last change in
 * {@code outbox}; {@code version} makes each change a compare-and-set, so two concurrent changes cannot
 * both win.
 */
public final class RoomDocuments {

    private RoomDocuments() {
    }

    @Document("rooms")
    public record RoomDoc(@Id String id, String ownerType, String ownerId, String name, String watchUrl,
                          Instant createdAt, Instant archivedAt, long version, List<OutboxRecord> outbox) {
    }

    @Document("sessions")
    public record SessionDoc(@Id String id, String roomId, String title, Instant scheduledStart, String status,
                             Instant startedAt, Instant endedAt, List<LineupItem> lineup, List<Segment> segments,
                             long version, List<OutboxRecord> outbox) {
    }

    /** One customer's reservation of one session; id {@code sessionId:customerId}, so one per customer. */
    @Document("reservations")
    public record ReservationDoc(@Id String id, String sessionId, String customerId, String ref, Instant reservedAt,
                                 List<OutboxRecord> outbox) {
    }

    /** A tracked link as store-distribution issued it: whose customers a ref brings. */
    @Document("links")
    public record LinkDoc(@Id String code, String ownerType, String ownerId, String storeId, String dealerId) {
    }

    /** A lottery; once drawn, {@code drawId} names the chunks of its eligible list. */
    @Document("lotteries")
    public record LotteryDoc(@Id String id, String sessionId, String roomId, String prize, int winners,
                             String eligibility, String seed, String seedHash, Instant createdAt, String drawId,
                             int eligibleCount, String eligibleHash, List<String> drawnWinners, Instant drawnAt,
                             List<OutboxRecord> outbox) {
    }

    /**
     * One chunk of a draw's eligible list (a million viewers do not fit one document); id {@code
     * drawId:n}. Written before the draw is recorded, so a recorded draw always has its whole list.
     */
    @Document("lottery_entries")
    public record LotteryEntriesDoc(@Id String id, String drawId, int chunk, List<String> customerIds) {
    }
}
