package io.storecast.room.application;

import io.storecast.contracts.Events;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.contracts.presence.ViewerLeft;
import io.storecast.contracts.rooms.RoomCreated;
import io.storecast.contracts.rooms.SessionScheduled;
import io.storecast.contracts.rooms.SessionStarted;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.outbox.OutboxRelay;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.NotFoundException;
import io.storecast.room.domain.BroadcastSession;
import io.storecast.room.domain.Room;
import io.storecast.room.domain.WatchTime;
import io.storecast.room.persistence.RoomDocuments.RoomDoc;
import io.storecast.room.persistence.RoomDocuments.SessionDoc;
import io.storecast.room.persistence.RoomDocuments.ViewerDoc;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Rooms, sessions and presence. Every change and its event are one single-document write. */
@Service
public class RoomCommands {

    private static final String SOURCE = "room-service";

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final Clock clock;

    public RoomCommands(MongoTemplate mongo, OutboxRelay relay, Clock clock) {
        this.mongo = mongo;
        this.relay = relay;
        this.clock = clock;
    }

    public Room createRoom(Room.OwnerType ownerType, String ownerId, String name, String watchUrl) {
        Instant now = clock.instant();
        Room room = new Room("room-" + UUID.randomUUID(), ownerType, ownerId, name, watchUrl, now);
        RoomCreated event = new RoomCreated(room.id(), ownerType.name(), ownerId, name, watchUrl, now);
        mongo.insert(new RoomDoc(room.id(), ownerType.name(), ownerId, name, watchUrl, now, List.of(
                OutboxRecord.of(Events.ROOM_CREATED, room.id(), room.id(), SOURCE, now, event, null, null))));
        relay.wake(RoomDoc.class, room.id());
        return room;
    }

    public Room room(String id) {
        RoomDoc d = mongo.findById(id, RoomDoc.class);
        if (d == null) {
            throw new NotFoundException("room", id);
        }
        return new Room(d.id(), Room.OwnerType.valueOf(d.ownerType()), d.ownerId(), d.name(), d.watchUrl(), d.createdAt());
    }

    public BroadcastSession schedule(String roomId, String title, Instant scheduledStart) {
        room(roomId);
        BroadcastSession s = BroadcastSession.schedule("sess-" + UUID.randomUUID(), roomId, title, scheduledStart);
        SessionScheduled event = new SessionScheduled(s.id(), roomId, title, scheduledStart);
        mongo.insert(toDoc(s, List.of(OutboxRecord.of(Events.SESSION_SCHEDULED, roomId, s.id(), SOURCE,
                clock.instant(), event, null, null))));
        relay.wake(SessionDoc.class, s.id());
        return s;
    }

    public BroadcastSession session(String id) {
        SessionDoc d = mongo.findById(id, SessionDoc.class);
        if (d == null) {
            throw new NotFoundException("session", id);
        }
        return new BroadcastSession(d.id(), d.roomId(), d.title(), d.scheduledStart(),
                BroadcastSession.Status.valueOf(d.status()), d.startedAt(), d.endedAt());
    }

    public BroadcastSession start(String sessionId) {
        BroadcastSession before = session(sessionId);
        BroadcastSession after = before.start(clock.instant());
        OutboxRecord event = OutboxRecord.of(Events.SESSION_STARTED, after.roomId(), after.id(), SOURCE,
                after.startedAt(), new SessionStarted(after.id(), after.roomId(), after.startedAt()), null, null);
        transition(before, after, event);
        return after;
    }

    public BroadcastSession end(String sessionId) {
        BroadcastSession before = session(sessionId);
        BroadcastSession after = before.end(clock.instant());
        transition(before, after, null);
        return after;
    }

    /** Compare-and-set on the status, so two concurrent transitions cannot both win. */
    private void transition(BroadcastSession before, BroadcastSession after, OutboxRecord event) {
        Update u = new Update().set("status", after.status().name()).set("startedAt", after.startedAt())
                .set("endedAt", after.endedAt());
        if (event != null) {
            u.push("outbox", event);
        }
        var r = mongo.updateFirst(Query.query(Criteria.where("_id").is(before.id()).and("status")
                .is(before.status().name())), u, SessionDoc.class);
        if (r.getModifiedCount() == 0) {
            throw new ConflictException("status", "session " + before.id() + " changed concurrently; retry");
        }
        relay.wake(SessionDoc.class, before.id());
    }

    public record Presence(String sessionId, String customerId, boolean present, String ref, long watchedSeconds) {
    }

    public Presence join(String sessionId, String customerId, String ref) {
        BroadcastSession s = session(sessionId);
        s.requireLive();
        Instant now = clock.instant();
        String id = sessionId + ":" + customerId;
        String normalizedRef = ref == null || ref.isBlank() ? null : ref.trim();
        OutboxRecord event = OutboxRecord.of(Events.VIEWER_JOINED, customerId, sessionId, SOURCE, now,
                new ViewerJoined(sessionId, s.roomId(), customerId, normalizedRef, now), null, null);
        ViewerDoc current = mongo.findById(id, ViewerDoc.class);
        Query query = Query.query(Criteria.where("_id").is(id));
        Update u = new Update().set("sessionId", sessionId).set("customerId", customerId).set("present", true)
                .set("joinedAt", now).set("ref", normalizedRef).push("outbox", event);
        FindAndModifyOptions options = FindAndModifyOptions.options().returnNew(true);
        if (current != null && current.present()) {
            // joining again while present (a second link, another device): bank the time watched so far
            query.addCriteria(Criteria.where("present").is(true).and("joinedAt").is(current.joinedAt()));
            u.inc("watchedSeconds", WatchTime.seconds(current.joinedAt(), now));
        } else {
            u.setOnInsert("watchedSeconds", 0L);
            options.upsert(true);
        }
        ViewerDoc d = mongo.findAndModify(query, u, options, ViewerDoc.class);
        if (d == null) {
            throw new ConflictException("customerId", "customer " + customerId + " joined or left concurrently; retry");
        }
        relay.wake(ViewerDoc.class, id);
        return new Presence(sessionId, customerId, true, normalizedRef, d.watchedSeconds());
    }

    public Presence leave(String sessionId, String customerId) {
        BroadcastSession s = session(sessionId);
        String id = sessionId + ":" + customerId;
        ViewerDoc current = mongo.findById(id, ViewerDoc.class);
        if (current == null || !current.present()) {
            throw new ConflictException("customerId", "customer " + customerId + " is not in session " + sessionId);
        }
        Instant now = clock.instant();
        long watched = WatchTime.seconds(current.joinedAt(), now);
        ViewerLeft event = new ViewerLeft(sessionId, s.roomId(), customerId, now, watched);
        ViewerDoc d = mongo.findAndModify(
                Query.query(Criteria.where("_id").is(id).and("present").is(true).and("joinedAt").is(current.joinedAt())),
                new Update().set("present", false).inc("watchedSeconds", watched)
                        .push("outbox", OutboxRecord.of(Events.VIEWER_LEFT, customerId, sessionId, SOURCE, now, event,
                                null, null)),
                FindAndModifyOptions.options().returnNew(true), ViewerDoc.class);
        if (d == null) {
            throw new ConflictException("customerId", "customer " + customerId + " left or rejoined concurrently; retry");
        }
        relay.wake(ViewerDoc.class, id);
        return new Presence(sessionId, customerId, false, d.ref(), d.watchedSeconds());
    }

    private static SessionDoc toDoc(BroadcastSession s, List<OutboxRecord> outbox) {
        return new SessionDoc(s.id(), s.roomId(), s.title(), s.scheduledStart(), s.status().name(), s.startedAt(),
                s.endedAt(), outbox);
    }
}
