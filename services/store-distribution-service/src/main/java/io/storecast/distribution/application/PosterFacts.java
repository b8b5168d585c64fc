package io.storecast.distribution.application;

import io.storecast.distribution.application.RoomDirectory.Session;
import io.storecast.distribution.domain.TrackedLink;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** What a link's printed poster says: who shares it, and which broadcast it leads to, and when. */
@Service
public class PosterFacts {

    /** {@code startsAt} is null when no session is known: the poster then names the room only. */
    public record Facts(String promoterName, String title, Instant startsAt) {
    }

    private final MongoTemplate mongo;
    private final RoomDirectory rooms;
    private final Clock clock;

    public PosterFacts(MongoTemplate mongo, RoomDirectory rooms, Clock clock) {
        this.mongo = mongo;
        this.rooms = rooms;
        this.clock = clock;
    }

    /**
     * The promoter is the link's store (staff links too), or its dealer for a dealer link. The broadcast
     * is the link's own session; a link for the whole room shows the room's next scheduled session.
     */
    public Facts of(TrackedLink link) {
        String promoter = link.storeId() != null ? name("stores", link.storeId())
                : name("dealers", link.dealerId() != null ? link.dealerId() : link.ownerId());
        Optional<Session> session = link.sessionId() != null ? rooms.session(link.sessionId())
                : rooms.nextSession(link.roomId(), clock.instant());
        return session.map(s -> new Facts(promoter, s.title(), s.scheduledStart()))
                .orElseGet(() -> new Facts(promoter, rooms.name(link.roomId()).orElse(""), null));
    }

    private String name(String collection, String id) {
        Document doc = mongo.findById(id, Document.class, collection);
        return doc == null || doc.getString("name") == null ? id : doc.getString("name");
    }
}
