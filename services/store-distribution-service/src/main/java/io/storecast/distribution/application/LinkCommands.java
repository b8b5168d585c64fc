package io.storecast.distribution.application;

import io.storecast.contracts.Events;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.links.LinkRevoked;
import io.storecast.distribution.domain.ClickFingerprint;
import io.storecast.distribution.domain.LinkCode;
import io.storecast.distribution.domain.TrackedLink;
import io.storecast.distribution.domain.TrackedLink.OwnerType;
import io.storecast.distribution.persistence.LinkDocuments.LinkDoc;
import io.storecast.distribution.persistence.LinkDocuments.LinkSlotDoc;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.outbox.OutboxRelay;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import io.storecast.platform.problems.NotFoundException;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.storecast.distribution.application.Defaults.SOURCE;

/** Tracked links: issuing (one or one per store/staff member), revoking, and following them. */
@Service
public class LinkCommands {

    private static final int CODE_ATTEMPTS = 5;
    private static final int MAX_USER_AGENT = 512;
    private static final java.time.Duration SLOT_CLAIM_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final RoomDirectory rooms;
    private final LinkResolver resolver;
    private final ClickRecorder clicks;
    private final String ipHashSalt;
    private final Clock clock;

    public LinkCommands(MongoTemplate mongo, OutboxRelay relay, RoomDirectory rooms, LinkResolver resolver,
                        ClickRecorder clicks, @Value("${storecast.ip-hash-salt}") String ipHashSalt, Clock clock) {
        this.mongo = mongo;
        this.relay = relay;
        this.rooms = rooms;
        this.resolver = resolver;
        this.clicks = clicks;
        this.ipHashSalt = ipHashSalt;
        this.clock = clock;
        mongo.indexOps(LinkDoc.class).createIndex(new Index().on("storeId", Sort.Direction.ASC)
                .on("issuedAt", Sort.Direction.ASC));
        mongo.indexOps(LinkDoc.class).createIndex(new Index().on("ownerId", Sort.Direction.ASC)
                .on("roomId", Sort.Direction.ASC));
    }

    /** The owner a link credits: its store (null for a dealer link) and dealer. */
    private record Owner(OwnerType type, String id, String storeId, String dealerId) {
    }

    public TrackedLink issue(OwnerType ownerType, String ownerId, String roomId, String sessionId, String channel,
                             Instant expiresAt) {
        Owner owner = owner(ownerType, ownerId);
        requireRoom(roomId);
        requireFuture(expiresAt);
        TrackedLink link = newLink(owner, roomId, blankToNull(sessionId), channel, expiresAt, clock.instant());
        for (int attempt = 1; ; attempt++) {
            try {
                mongo.insert(toDoc(link));
                relay.wake(LinkDoc.class, link.code());
                return link;
            } catch (DuplicateKeyException e) {
                if (attempt == CODE_ATTEMPTS) {
                    throw e;
                }
                link = newLink(owner, roomId, link.sessionId(), channel, expiresAt, link.issuedAt());
            }
        }
    }

    /** What a bulk issue did: the links now in force for each owner, and how many were new. */
    public record Bulk(int issued, int existing, List<TrackedLink> links) {
    }

    /**
     * One link per active store — or per active staff member of those stores — of a dealer, or of the
     * whole chain when {@code dealerId} is null. Each owner has one slot per room, session and channel;
     * an owner whose slot link still works keeps it, so running the same launch twice — or twice at
     * once — issues nothing twice. A revoked or expired slot link is replaced.
     */
    public Bulk issueBulk(OwnerType ownerType, String dealerId, String roomId, String sessionId, String channel,
                          Instant expiresAt) {
        if (ownerType == OwnerType.DEALER) {
            throw new InvalidFieldException("ownerType", "bulk issue is per store or per staff member");
        }
        if (dealerId != null && !resolver.active("dealers", dealerId)) {
            throw new InvalidFieldException("dealerId", "dealer " + dealerId + " does not exist or is deactivated");
        }
        requireRoom(roomId);
        requireFuture(expiresAt);
        String session = blankToNull(sessionId);
        Instant now = clock.instant();
        List<Owner> owners = bulkOwners(ownerType, dealerId);
        List<TrackedLink> links = new ArrayList<>(owners.size());
        int issued = 0;
        for (Owner o : owners) {
            String slotId = String.join("|", o.id(), roomId, session == null ? "" : session, channel);
            TrackedLink fresh = newLink(o, roomId, session, channel, expiresAt, now);
            Optional<TrackedLink> inForce = claimOrFind(slotId, fresh.code(), now);
            if (inForce.isPresent()) {
                links.add(inForce.get());
            } else {
                links.add(insertWithFreshCodeOnCollision(fresh, slotId));
                issued++;
            }
        }
        return new Bulk(issued, owners.size() - issued, links);
    }

    /**
     * The link in force in a slot, or empty after pointing the slot at {@code code} (the caller then writes
     * that link). A slot whose link is revoked or expired is taken over by compare-and-set; one whose link
     * is not written yet belongs to a run in flight and is waited for — unless it is older than
     * {@link #SLOT_CLAIM_TIMEOUT}, which means its writer died, and it is taken over.
     */
    private Optional<TrackedLink> claimOrFind(String slotId, String code, Instant now) {
        for (int attempt = 0; attempt < 100; attempt++) {
            LinkSlotDoc slot = mongo.findById(slotId, LinkSlotDoc.class);
            if (slot == null) {
                try {
                    mongo.insert(new LinkSlotDoc(slotId, code, now));
                    return Optional.empty();
                } catch (DuplicateKeyException raced) {
                    continue;
                }
            }
            Optional<TrackedLink> current = resolver.find(slot.code());
            boolean inFlight = current.isEmpty() && slot.claimedAt().isAfter(now.minus(SLOT_CLAIM_TIMEOUT));
            if (current.isPresent() && current.get().stateAt(now, true) == TrackedLink.State.ACTIVE) {
                return current;
            }
            if (!inFlight && mongo.updateFirst(Query.query(Criteria.where("_id").is(slotId).and("code").is(slot.code())),
                    new Update().set("code", code).set("claimedAt", now), LinkSlotDoc.class).getModifiedCount() == 1) {
                return Optional.empty();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new ConflictException(null, "a concurrent bulk issue is still writing the link of " + slotId
                + "; retry");
    }

    private TrackedLink insertWithFreshCodeOnCollision(TrackedLink link, String slotId) {
        TrackedLink l = link;
        for (int attempt = 1; ; attempt++) {
            try {
                mongo.insert(toDoc(l));
                relay.wake(LinkDoc.class, l.code());
                return l;
            } catch (DuplicateKeyException e) {
                if (attempt == CODE_ATTEMPTS) {
                    throw e;
                }
                TrackedLink next = newLink(new Owner(l.ownerType(), l.ownerId(), l.storeId(), l.dealerId()),
                        l.roomId(), l.sessionId(), l.channel(), l.expiresAt(), l.issuedAt());
                mongo.updateFirst(Query.query(Criteria.where("_id").is(slotId).and("code").is(l.code())),
                        new Update().set("code", next.code()), LinkSlotDoc.class);
                l = next;
            }
        }
    }

    public TrackedLink revoke(String code) {
        TrackedLink link = link(code);
        if (link.revokedAt() != null) {
            return link;
        }
        Instant now = clock.instant();
        OutboxRecord event = OutboxRecord.of(Events.LINK_REVOKED, code, code, SOURCE, now, new LinkRevoked(code, now),
                code, null);
        var result = mongo.updateFirst(Query.query(Criteria.where("_id").is(code).and("revokedAt").is(null)),
                new Update().set("revokedAt", now).push("outbox", event), LinkDoc.class);
        if (result.getModifiedCount() == 1) {
            relay.wake(LinkDoc.class, code);
        }
        resolver.forget(code);
        return link(code);
    }

    public TrackedLink link(String code) {
        return resolver.find(code).orElseThrow(() -> new NotFoundException("link", code));
    }

    public record Page(List<TrackedLink> items, int page, int size, long total) {
    }

    public Page storeLinks(String storeId, int page, int size) {
        if (mongo.getCollection("stores").countDocuments(new Document("_id", storeId)) == 0) {
            throw new NotFoundException("store", storeId);
        }
        Query q = Query.query(Criteria.where("storeId").is(storeId));
        long total = mongo.count(q, LinkDoc.class);
        List<TrackedLink> items = mongo.find(q.with(Sort.by("issuedAt", "_id")).skip((long) page * size).limit(size),
                LinkDoc.class).stream().map(LinkResolver::toLink).toList();
        return new Page(items, page, size, total);
    }

    public enum Outcome { REDIRECT, UNKNOWN, GONE }

    /** What following a link leads to; {@code location} is set for {@link Outcome#REDIRECT} only. */
    public record Followed(Outcome outcome, String location, TrackedLink.State state) {
    }

    /**
     * Resolves a code to its room's watch URL carrying {@code ref=<code>} — from our own records only —
     * and records the click (see {@link ClickRecorder}) before answering.
     */
    public Followed follow(String code, String visitorId, String userAgent, String clientIp) {
        LinkResolver.Resolution r = resolver.resolve(code);
        if (r.link().isEmpty() || r.watchUrl().isEmpty()) {
            return new Followed(Outcome.UNKNOWN, null, null);
        }
        TrackedLink link = r.link().get();
        Instant now = clock.instant();
        TrackedLink.State state = r.roomArchived() ? TrackedLink.State.ROOM_ARCHIVED : link.stateAt(now, r.ownerActive());
        if (state != TrackedLink.State.ACTIVE) {
            return new Followed(Outcome.GONE, null, state);
        }
        String agent = userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent
                : userAgent.substring(0, MAX_USER_AGENT);
        clicks.record(new LinkClicked(UUID.randomUUID().toString(), code, visitorId, agent,
                ClickFingerprint.ipHash(ipHashSalt, clientIp), now), link.roomId());
        return new Followed(Outcome.REDIRECT, link.redirectTarget(r.watchUrl().get()), state);
    }

    private TrackedLink newLink(Owner o, String roomId, String sessionId, String channel, Instant expiresAt,
                                Instant now) {
        return new TrackedLink(LinkCode.generate(), o.type(), o.id(), o.storeId(), o.dealerId(), roomId, sessionId,
                channel, now, expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MILLIS), null);
    }

    private LinkDoc toDoc(TrackedLink l) {
        LinkIssued event = new LinkIssued(l.code(), l.ownerType().name(), l.ownerId(), l.storeId(), l.dealerId(),
                l.roomId(), l.sessionId(), l.channel(), l.issuedAt(), l.expiresAt());
        return new LinkDoc(l.code(), l.ownerType().name(), l.ownerId(), l.storeId(), l.dealerId(), l.roomId(),
                l.sessionId(), l.channel(), l.issuedAt(), l.expiresAt(), null, List.of(OutboxRecord.of(
                Events.LINK_ISSUED, l.code(), l.code(), SOURCE, l.issuedAt(), event, l.code(), null)));
    }

    private void requireFuture(Instant expiresAt) {
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw new InvalidFieldException("expiresAt", "expiresAt must lie in the future");
        }
    }

    private void requireRoom(String roomId) {
        Optional<RoomDirectory.Target> room = rooms.target(roomId);
        if (room.isEmpty()) {
            throw new InvalidFieldException("roomId", "room " + roomId
                    + " is unknown or not yet synchronised from room-service; retry in a moment");
        }
        if (room.get().archived()) {
            throw new InvalidFieldException("roomId", "room " + roomId + " is archived");
        }
    }

    /** The owner, which must exist and be active (for staff, its store too). */
    private Owner owner(OwnerType type, String id) {
        String what = type.name().toLowerCase();
        Document doc = mongo.getCollection(switch (type) {
            case STORE -> "stores";
            case STAFF -> "staff";
            case DEALER -> "dealers";
        }).find(new Document("_id", id)).first();
        if (doc == null) {
            throw new InvalidFieldException("ownerId", what + " " + id + " does not exist");
        }
        if (doc.get("deactivatedAt") != null) {
            throw new InvalidFieldException("ownerId", what + " " + id + " is deactivated");
        }
        return switch (type) {
            case DEALER -> new Owner(type, id, null, id);
            case STORE -> new Owner(type, id, id, doc.getString("dealerId"));
            case STAFF -> {
                Owner store = owner(OwnerType.STORE, doc.getString("storeId"));
                yield new Owner(type, id, store.storeId(), store.dealerId());
            }
        };
    }

    private List<Owner> bulkOwners(OwnerType type, String dealerId) {
        Document storeFilter = new Document("deactivatedAt", null);
        if (dealerId != null) {
            storeFilter.append("dealerId", dealerId);
        }
        List<Owner> stores = new ArrayList<>();
        for (Document s : mongo.getCollection("stores").find(storeFilter).sort(new Document("code", 1))) {
            stores.add(new Owner(OwnerType.STORE, s.getString("_id"), s.getString("_id"), s.getString("dealerId")));
        }
        if (type == OwnerType.STORE) {
            return stores;
        }
        List<Owner> staff = new ArrayList<>();
        for (Owner store : stores) {
            for (Document st : mongo.getCollection("staff").find(new Document("storeId", store.id())
                    .append("deactivatedAt", null)).sort(new Document("_id", 1))) {
                staff.add(new Owner(OwnerType.STAFF, st.getString("_id"), store.storeId(), store.dealerId()));
            }
        }
        return staff;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
