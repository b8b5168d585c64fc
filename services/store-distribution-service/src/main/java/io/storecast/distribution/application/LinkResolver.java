package io.storecast.distribution.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.storecast.distribution.domain.TrackedLink;
import io.storecast.distribution.domain.TrackedLink.OwnerType;
import io.storecast.distribution.persistence.LinkDocuments.LinkDoc;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.Optional;

/**
 * What the redirect needs about a code — the link, its room's watch URL, whether its owner is active —
 * held for a couple of seconds, so a broadcast launch hitting one link thousands of times a second does
 * one database read per code per period instead of three per click. Unknown codes are remembered too.
 * A revocation or deactivation therefore takes effect within {@code storecast.redirect.cache-seconds}.
 */
@Service
public class LinkResolver {

    /** {@code link} is empty for an unknown code; {@code watchUrl} empty when the room is not known. */
    public record Resolution(Optional<TrackedLink> link, Optional<String> watchUrl, boolean ownerActive,
                             boolean roomArchived) {
    }

    private final MongoTemplate mongo;
    private final RoomDirectory rooms;
    private final Cache<String, Resolution> cache;

    public LinkResolver(MongoTemplate mongo, RoomDirectory rooms,
                        @Value("${storecast.redirect.cache-seconds:2}") long cacheSeconds) {
        this.mongo = mongo;
        this.rooms = rooms;
        this.cache = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(cacheSeconds)).maximumSize(200_000)
                .build();
    }

    public Resolution resolve(String code) {
        return cache.get(code, this::load);
    }

    /** Forgets a code at once (this instance); other instances follow within the cache period. */
    public void forget(String code) {
        cache.invalidate(code);
    }

    private Resolution load(String code) {
        Optional<TrackedLink> link = find(code);
        if (link.isEmpty()) {
            return new Resolution(Optional.empty(), Optional.empty(), false, false);
        }
        TrackedLink l = link.get();
        Optional<RoomDirectory.Target> room = rooms.target(l.roomId());
        return new Resolution(link, room.map(RoomDirectory.Target::watchUrl), ownerActive(l),
                room.map(RoomDirectory.Target::archived).orElse(false));
    }

    public Optional<TrackedLink> find(String code) {
        return Optional.ofNullable(mongo.findById(code, LinkDoc.class)).map(LinkResolver::toLink);
    }

    static TrackedLink toLink(LinkDoc d) {
        return new TrackedLink(d.code(), OwnerType.valueOf(d.ownerType()), d.ownerId(), d.storeId(), d.dealerId(),
                d.roomId(), d.sessionId(), d.channel(), d.issuedAt(), d.expiresAt(), d.revokedAt());
    }

    /** A link works only while its owner — and, for a staff link, the staff member's store — is active. */
    private boolean ownerActive(TrackedLink l) {
        return switch (l.ownerType()) {
            case STORE -> active("stores", l.storeId());
            case STAFF -> active("staff", l.ownerId()) && active("stores", l.storeId());
            case DEALER -> active("dealers", l.dealerId());
        };
    }

    /** Whether a store, staff member or dealer exists and is active; reads only the deactivation mark. */
    boolean active(String collection, String id) {
        Document d = mongo.getCollection(collection).find(new Document("_id", id))
                .projection(new Document("deactivatedAt", 1)).first();
        return d != null && d.get("deactivatedAt") == null;
    }
}
