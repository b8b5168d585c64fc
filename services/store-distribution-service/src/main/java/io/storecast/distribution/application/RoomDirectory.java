package io.storecast.distribution.application;

import io.storecast.distribution.persistence.DistributionDocuments.RoomViewDoc;
import io.storecast.distribution.persistence.SessionViewDocuments.SessionViewDoc;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Optional;

/**
 * Our own copy of the rooms links lead to and of their scheduled sessions, kept from room-service's
 * events; the only source of redirect targets and of what a poster says about the broadcast.
 */
@Service
public class RoomDirectory {

    /** A scheduled broadcast session as room-service announced it. */
    public record Session(String sessionId, String roomId, String title, Instant scheduledStart) {
    }

    private final MongoTemplate mongo;

    public RoomDirectory(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(SessionViewDoc.class).createIndex(new Index().on("roomId", Sort.Direction.ASC)
                .on("scheduledStart", Sort.Direction.ASC));
    }

    /**
     * A room as created: only inserts, so a late duplicate of the creation never undoes a later change.
     * Delivering the same event twice leaves the very same document.
     */
    public void record(String roomId, String name, String watchUrl) {
        mongo.upsert(Query.query(Criteria.where("_id").is(roomId)), new Update().setOnInsert("watchUrl", watchUrl)
                .setOnInsert("name", name).setOnInsert("archived", false), RoomViewDoc.class);
    }

    /** A room as it now is (renamed, moved to another watch URL, archived): upsert of whole values. */
    public void change(String roomId, String name, String watchUrl, boolean archived) {
        mongo.upsert(Query.query(Criteria.where("_id").is(roomId)), new Update().set("watchUrl", watchUrl)
                .set("name", name).set("archived", archived), RoomViewDoc.class);
    }

    /** Where a room's links lead, and whether the room is archived (its links then answer 410). */
    public record Target(String watchUrl, boolean archived) {
    }

    public Optional<Target> target(String roomId) {
        return Optional.ofNullable(mongo.findById(roomId, RoomViewDoc.class))
                .map(r -> new Target(r.watchUrl(), r.archived()));
    }

    /** Upsert of whole values by session id, so a duplicate delivery changes nothing. */
    public void recordSession(String sessionId, String roomId, String title, Instant scheduledStart) {
        mongo.upsert(Query.query(Criteria.where("_id").is(sessionId)), new Update().set("roomId", roomId)
                .set("title", title).set("scheduledStart", scheduledStart), SessionViewDoc.class);
    }

    public Optional<String> watchUrl(String roomId) {
        return Optional.ofNullable(mongo.findById(roomId, RoomViewDoc.class)).map(RoomViewDoc::watchUrl);
    }

    public Optional<String> name(String roomId) {
        return Optional.ofNullable(mongo.findById(roomId, RoomViewDoc.class)).map(RoomViewDoc::name);
    }

    public Optional<Session> session(String sessionId) {
        return Optional.ofNullable(mongo.findById(sessionId, SessionViewDoc.class)).map(RoomDirectory::session);
    }

    /** The room's earliest session scheduled to start at or after {@code now}. */
    public Optional<Session> nextSession(String roomId, Instant now) {
        Query q = Query.query(Criteria.where("roomId").is(roomId).and("scheduledStart").gte(now))
                .with(Sort.by("scheduledStart", "_id")).limit(1);
        return Optional.ofNullable(mongo.findOne(q, SessionViewDoc.class)).map(RoomDirectory::session);
    }

    private static Session session(SessionViewDoc d) {
        return new Session(d.id(), d.roomId(), d.title(), d.scheduledStart());
    }
}
