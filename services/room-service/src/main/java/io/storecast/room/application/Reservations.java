package io.storecast.room.application;

import io.storecast.contracts.Events;
import io.storecast.contracts.presence.ViewerReserved;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.outbox.OutboxRelay;
import io.storecast.room.domain.BroadcastSession;
import io.storecast.room.persistence.RoomDocuments.LinkDoc;
import io.storecast.room.persistence.RoomDocuments.ReservationDoc;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reservations of a scheduled session: one per customer (the document id is {@code session:customer}),
 * the first one's ref kept; each new reservation is published keyed by customer, a {@code RESERVE} touch
 * for attribution.
 */
@Service
public class Reservations {

    public record Reservation(String sessionId, String customerId, String ref, Instant reservedAt) {
    }

    /** {@code created} is false when the customer had already reserved: the existing one is returned. */
    public record Reserved(Reservation reservation, boolean created) {
    }

    /** A customer a store's link brought to reserve; {@code staffId} is set for a staff member's link. */
    public record Reserver(String customerId, String ref, String staffId, Instant reservedAt) {
    }

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final RoomCommands rooms;
    private final LinkDirectory links;
    private final Clock clock;

    public Reservations(MongoTemplate mongo, OutboxRelay relay, RoomCommands rooms, LinkDirectory links, Clock clock) {
        this.mongo = mongo;
        this.relay = relay;
        this.rooms = rooms;
        this.links = links;
        this.clock = clock;
        mongo.indexOps(ReservationDoc.class).createIndex(new Index().on("sessionId", Sort.Direction.ASC)
                .on("ref", Sort.Direction.ASC));
    }

    public Reserved reserve(String sessionId, String customerId, String ref) {
        BroadcastSession s = rooms.session(sessionId);
        String id = sessionId + ":" + customerId;
        ReservationDoc existing = mongo.findById(id, ReservationDoc.class);
        if (existing != null) {
            return new Reserved(toReservation(existing), false);
        }
        s.requireScheduled("reserving");
        Instant now = clock.instant();
        String normalizedRef = ref == null || ref.isBlank() ? null : ref.trim();
        OutboxRecord event = OutboxRecord.of(Events.VIEWER_RESERVED, customerId, sessionId, RoomCommands.SOURCE, now,
                new ViewerReserved(sessionId, s.roomId(), customerId, normalizedRef, now), null, null);
        try {
            mongo.insert(new ReservationDoc(id, sessionId, customerId, normalizedRef, now, List.of(event)));
        } catch (DuplicateKeyException e) {
            // the same customer reserving twice at once: the other request won
            return new Reserved(toReservation(mongo.findById(id, ReservationDoc.class)), false);
        }
        relay.wake(ReservationDoc.class, id);
        return new Reserved(new Reservation(sessionId, customerId, normalizedRef, now), true);
    }

    public long count(String sessionId) {
        return mongo.count(Query.query(Criteria.where("sessionId").is(sessionId)), ReservationDoc.class);
    }

    /** Customers who reserved through the store's own links or its staff's, earliest first. */
    public List<Reserver> reservers(String sessionId, String storeId) {
        rooms.session(sessionId);
        Map<String, LinkDoc> codes = links.ofStore(storeId).stream()
                .collect(Collectors.toMap(LinkDoc::code, Function.identity()));
        if (codes.isEmpty()) {
            return List.of();
        }
        return mongo.find(Query.query(Criteria.where("sessionId").is(sessionId).and("ref").in(codes.keySet()))
                        .with(Sort.by("reservedAt", "customerId")), ReservationDoc.class).stream()
                .map(r -> {
                    LinkDoc link = codes.get(r.ref());
                    return new Reserver(r.customerId(), r.ref(), "STAFF".equals(link.ownerType()) ? link.ownerId() : null,
                            r.reservedAt());
                }).toList();
    }

    private static Reservation toReservation(ReservationDoc d) {
        return new Reservation(d.sessionId(), d.customerId(), d.ref(), d.reservedAt());
    }
}
