package io.storecast.room.application;

import io.storecast.contracts.Events;
import io.storecast.contracts.rooms.ProductPinned;
import io.storecast.contracts.rooms.ProductUnpinned;
import io.storecast.contracts.rooms.RoomChanged;
import io.storecast.contracts.rooms.RoomCreated;
import io.storecast.contracts.rooms.SessionEnded;
import io.storecast.contracts.rooms.SessionScheduled;
import io.storecast.contracts.rooms.SessionStarted;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.outbox.OutboxRelay;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import io.storecast.platform.problems.NotFoundException;
import io.storecast.room.domain.BroadcastSession;
import io.storecast.room.domain.BroadcastSession.Segment;
import io.storecast.room.domain.LineupItem;
import io.storecast.room.domain.Room;
import io.storecast.room.persistence.RoomDocuments.RoomDoc;
import io.storecast.room.persistence.RoomDocuments.SessionDoc;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Rooms and their broadcast sessions: lifecycle, lineup and pins. Every change and its events are one
 * single-document compare-and-set on {@code version}, so a change is never half-written and two
 * concurrent changes cannot both win (the loser gets 409 and retries).
 */
@Service
public class RoomCommands {

    static final String SOURCE = "room-service";

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final SessionGate gate;
    private final Clock clock;

    public RoomCommands(MongoTemplate mongo, OutboxRelay relay, SessionGate gate, Clock clock) {
        this.mongo = mongo;
        this.relay = relay;
        this.gate = gate;
        this.clock = clock;
        mongo.indexOps(RoomDoc.class).createIndex(new Index().on("ownerType", Sort.Direction.ASC)
                .on("ownerId", Sort.Direction.ASC));
        mongo.indexOps(SessionDoc.class).createIndex(new Index().on("roomId", Sort.Direction.ASC)
                .on("scheduledStart", Sort.Direction.ASC));
    }

    // ---- rooms

    public Room createRoom(Room.OwnerType ownerType, String ownerId, String name, String watchUrl) {
        Instant now = clock.instant();
        Room room = Room.create("room-" + UUID.randomUUID(), ownerType, ownerId, name, watchUrl, now);
        RoomCreated event = new RoomCreated(room.id(), ownerType.name(), ownerId, name, watchUrl, now);
        mongo.insert(new RoomDoc(room.id(), ownerType.name(), ownerId, name, watchUrl, now, null, 0, List.of(
                OutboxRecord.of(Events.ROOM_CREATED, room.id(), room.id(), SOURCE, now, event, null, null))));
        relay.wake(RoomDoc.class, room.id());
        return room;
    }

    public Room room(String id) {
        return toRoom(roomDoc(id));
    }

    /** Rooms, newest first; {@code ownerType}/{@code ownerId} narrow it, archived ones only when asked. */
    public List<Room> rooms(Room.OwnerType ownerType, String ownerId, boolean includeArchived, int limit) {
        Query q = new Query().with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(limit);
        if (ownerType != null) {
            q.addCriteria(Criteria.where("ownerType").is(ownerType.name()));
        }
        if (ownerId != null) {
            q.addCriteria(Criteria.where("ownerId").is(ownerId));
        }
        if (!includeArchived) {
            q.addCriteria(Criteria.where("archivedAt").is(null));
        }
        return mongo.find(q, RoomDoc.class).stream().map(RoomCommands::toRoom).toList();
    }

    public Room updateRoom(String id, String name, String watchUrl) {
        RoomDoc before = roomDoc(id);
        return saveRoom(before, toRoom(before).update(name, watchUrl));
    }

    public Room archiveRoom(String id) {
        RoomDoc before = roomDoc(id);
        return saveRoom(before, toRoom(before).archive(clock.instant()));
    }

    private Room saveRoom(RoomDoc before, Room after) {
        Instant now = clock.instant();
        RoomChanged event = new RoomChanged(after.id(), after.ownerType().name(), after.ownerId(), after.name(),
                after.watchUrl(), after.archived(), now);
        Update u = new Update().set("name", after.name()).set("watchUrl", after.watchUrl())
                .set("archivedAt", after.archivedAt()).inc("version", 1)
                .push("outbox", OutboxRecord.of(Events.ROOM_CHANGED, after.id(), after.id(), SOURCE, now, event,
                        null, null));
        if (mongo.updateFirst(Query.query(Criteria.where("_id").is(before.id()).and("version").is(before.version())),
                u, RoomDoc.class).getModifiedCount() == 0) {
            throw new ConflictException("version", "room " + before.id() + " changed concurrently; retry");
        }
        relay.wake(RoomDoc.class, before.id());
        return after;
    }

    private RoomDoc roomDoc(String id) {
        RoomDoc d = mongo.findById(id, RoomDoc.class);
        if (d == null) {
            throw new NotFoundException("room", id);
        }
        return d;
    }

    private static Room toRoom(RoomDoc d) {
        return new Room(d.id(), Room.OwnerType.valueOf(d.ownerType()), d.ownerId(), d.name(), d.watchUrl(),
                d.createdAt(), d.archivedAt());
    }

    // ---- sessions

    public BroadcastSession schedule(String roomId, String title, Instant scheduledStart, List<LineupItem> lineup) {
        room(roomId).requireOpen();
        BroadcastSession s = BroadcastSession.schedule("sess-" + UUID.randomUUID(), roomId, title, scheduledStart)
                .withLineup(lineup == null ? List.of() : lineup);
        SessionScheduled event = new SessionScheduled(s.id(), roomId, title, scheduledStart);
        mongo.insert(new SessionDoc(s.id(), roomId, title, scheduledStart, s.status().name(), null, null, s.lineup(),
                s.segments(), 0, List.of(OutboxRecord.of(Events.SESSION_SCHEDULED, roomId, s.id(), SOURCE,
                clock.instant(), event, null, null))));
        relay.wake(SessionDoc.class, s.id());
        return s;
    }

    public BroadcastSession session(String id) {
        return toSession(sessionDoc(id));
    }

    public List<BroadcastSession> sessions(String roomId) {
        room(roomId);
        return mongo.find(Query.query(Criteria.where("roomId").is(roomId))
                        .with(Sort.by(Sort.Direction.ASC, "scheduledStart")).limit(1_000), SessionDoc.class)
                .stream().map(RoomCommands::toSession).toList();
    }

    public BroadcastSession start(String sessionId) {
        SessionDoc before = sessionDoc(sessionId);
        BroadcastSession after = toSession(before).start(clock.instant());
        save(before, after, List.of(OutboxRecord.of(Events.SESSION_STARTED, after.roomId(), after.id(), SOURCE,
                after.startedAt(), new SessionStarted(after.id(), after.roomId(), after.startedAt()), null, null)));
        return after;
    }

    public BroadcastSession end(String sessionId) {
        SessionDoc before = sessionDoc(sessionId);
        BroadcastSession current = toSession(before);
        BroadcastSession after = current.end(clock.instant());
        List<OutboxRecord> events = new ArrayList<>(unpinned(current, after));
        events.add(OutboxRecord.of(Events.SESSION_ENDED, after.roomId(), after.id(), SOURCE, after.endedAt(),
                new SessionEnded(after.id(), after.roomId(), after.endedAt()), null, null));
        save(before, after, events);
        return after;
    }

    public BroadcastSession replaceLineup(String sessionId, List<LineupItem> lineup) {
        SessionDoc before = sessionDoc(sessionId);
        BroadcastSession after = toSession(before).withLineup(lineup);
        save(before, after, List.of());
        return after;
    }

    public BroadcastSession reorderLineup(String sessionId, List<String> order) {
        if (order == null) {
            throw new InvalidFieldException("order", "order is required: every slot id of the lineup once");
        }
        SessionDoc before = sessionDoc(sessionId);
        BroadcastSession after = toSession(before).reorder(order);
        save(before, after, List.of());
        return after;
    }

    public BroadcastSession pin(String sessionId, String sku) {
        SessionDoc before = sessionDoc(sessionId);
        BroadcastSession current = toSession(before);
        BroadcastSession after = current.pin(sku, clock.instant());
        List<OutboxRecord> events = new ArrayList<>(unpinned(current, after));
        Segment pinned = after.pinned();
        events.add(OutboxRecord.of(Events.PRODUCT_PINNED, after.roomId(), after.id(), SOURCE, pinned.from(),
                new ProductPinned(after.id(), after.roomId(), pinned.sku(), pinned.from()), null, null));
        save(before, after, events);
        return after;
    }

    public BroadcastSession unpin(String sessionId) {
        SessionDoc before = sessionDoc(sessionId);
        BroadcastSession current = toSession(before);
        BroadcastSession after = current.unpin(clock.instant());
        save(before, after, unpinned(current, after));
        return after;
    }

    /** The event closing the segment that was open before, if the change closed one. */
    private static List<OutboxRecord> unpinned(BroadcastSession before, BroadcastSession after) {
        Segment open = before.pinned();
        if (open == null) {
            return List.of();
        }
        Segment closed = after.segments().get(before.segments().size() - 1);
        return List.of(OutboxRecord.of(Events.PRODUCT_UNPINNED, after.roomId(), after.id(), SOURCE, closed.to(),
                new ProductUnpinned(after.id(), after.roomId(), closed.sku(), closed.from(), closed.to()), null, null));
    }

    private void save(SessionDoc before, BroadcastSession after, List<OutboxRecord> events) {
        Update u = new Update().set("status", after.status().name()).set("startedAt", after.startedAt())
                .set("endedAt", after.endedAt()).set("lineup", after.lineup()).set("segments", after.segments())
                .inc("version", 1);
        if (!events.isEmpty()) {
            u.push("outbox").each(events.toArray());
        }
        if (mongo.updateFirst(Query.query(Criteria.where("_id").is(before.id()).and("version").is(before.version())),
                u, SessionDoc.class).getModifiedCount() == 0) {
            throw new ConflictException("version", "session " + before.id() + " changed concurrently; retry");
        }
        if (!events.isEmpty()) {
            relay.wake(SessionDoc.class, before.id());
        }
        gate.forget(before.id());
    }

    private SessionDoc sessionDoc(String id) {
        SessionDoc d = mongo.findById(id, SessionDoc.class);
        if (d == null) {
            throw new NotFoundException("session", id);
        }
        return d;
    }

    static BroadcastSession toSession(SessionDoc d) {
        return new BroadcastSession(d.id(), d.roomId(), d.title(), d.scheduledStart(),
                BroadcastSession.Status.valueOf(d.status()), d.startedAt(), d.endedAt(),
                d.lineup() == null ? List.of() : d.lineup(), d.segments() == null ? List.of() : d.segments());
    }
}
