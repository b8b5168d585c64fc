package io.storecast.distribution.persistence;

import io.storecast.platform.outbox.OutboxRecord;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/** Mongo documents of tracked links and their clicks. */
public final class LinkDocuments {

    private LinkDocuments() {
    }

    /** A tracked link; its id is the link code. {@code revokedAt} is null while the link is not revoked. */
    @Document("links")
    public record LinkDoc(@Id String code, String ownerType, String ownerId, String storeId, String dealerId,
                          String roomId, String sessionId, String channel, Instant issuedAt, Instant expiresAt,
                          Instant revokedAt, List<OutboxRecord> outbox) {
    }

    /**
     * The place of a bulk-issued link: one per owner, room, session and channel (the id), pointing at the
     * link in force there. Its unique id is what keeps two concurrent bulk runs from giving an owner two links.
     */
    @Document("link_slots")
    public record LinkSlotDoc(@Id String id, String code, Instant claimedAt) {
    }

    /** A link's funnel in one clock hour (counted by the funnel stream); id = link code and hour. */
    @Document("funnel_hours")
    public record FunnelHourDoc(@Id String id, String code, Instant hour, long clicks, long visitors) {
    }
}
