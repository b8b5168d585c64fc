package io.storecast.distribution.application;

import io.storecast.contracts.Events;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.distribution.domain.ClickFingerprint;
import io.storecast.distribution.domain.LinkCode;
import io.storecast.distribution.domain.Staff;
import io.storecast.distribution.domain.Store;
import io.storecast.distribution.domain.TrackedLink;
import io.storecast.distribution.domain.TrackedLink.OwnerType;
import io.storecast.distribution.persistence.DistributionDocuments.ClickDoc;
import io.storecast.distribution.persistence.DistributionDocuments.LinkDoc;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.outbox.OutboxRelay;
import io.storecast.platform.problems.InvalidFieldException;
import io.storecast.platform.problems.NotFoundException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.storecast.distribution.application.Defaults.SOURCE;

/** Tracked links: issuing them, and following them (which records a click). One document write each. */
@Service
public class LinkCommands {

    private static final int CODE_ATTEMPTS = 5;
    private static final int MAX_USER_AGENT = 512;

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final NetworkCommands network;
    private final RoomDirectory rooms;
    private final String ipHashSalt;

    private final Clock clock;

    public LinkCommands(MongoTemplate mongo, OutboxRelay relay, NetworkCommands network, RoomDirectory rooms,
                        @Value("${storecast.ip-hash-salt}") String ipHashSalt, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.relay = relay;
        this.network = network;
        this.rooms = rooms;
        this.ipHashSalt = ipHashSalt;
    }

    public TrackedLink issue(OwnerType ownerType, String ownerId, String roomId, String sessionId, String channel,
                             Instant expiresAt) {
        TrackedLink.requireSupported(ownerType);
        Store store = ownerStore(ownerType, ownerId);
        if (rooms.watchUrl(roomId).isEmpty()) {
            throw new InvalidFieldException("roomId", "room " + roomId
                    + " is unknown or not yet synchronised from room-service; retry in a moment");
        }
        String session = sessionId == null || sessionId.isBlank() ? null : sessionId;
        Instant expiry = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MILLIS);
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            TrackedLink link = new TrackedLink(LinkCode.generate(), ownerType, ownerId, store.id(), store.dealerId(),
                    roomId, session, channel, now, expiry);
            LinkIssued event = new LinkIssued(link.code(), ownerType.name(), ownerId, link.storeId(), link.dealerId(),
                    roomId, session, channel, now, expiry);
            try {
                mongo.insert(new LinkDoc(link.code(), ownerType.name(), ownerId, link.storeId(), link.dealerId(),
                        roomId, session, channel, now, expiry, List.of(OutboxRecord.of(Events.LINK_ISSUED,
                        link.code(), link.code(), SOURCE, now, event, null, null))));
            } catch (DuplicateKeyException e) {
                if (attempt == CODE_ATTEMPTS) {
                    throw e;
                }
                continue;
            }
            relay.wake(LinkDoc.class, link.code());
            return link;
        }
    }

    private Store ownerStore(OwnerType ownerType, String ownerId) {
        try {
            if (ownerType == OwnerType.STAFF) {
                Staff staff = network.staff(ownerId);
                return network.store(staff.storeId());
            }
            return network.store(ownerId);
        } catch (NotFoundException e) {
            throw new InvalidFieldException("ownerId", ownerType.name().toLowerCase() + " " + ownerId
                    + " does not exist");
        }
    }

    public TrackedLink link(String code) {
        return find(code).orElseThrow(() -> new NotFoundException("link", code));
    }

    private Optional<TrackedLink> find(String code) {
        return Optional.ofNullable(mongo.findById(code, LinkDoc.class)).map(d -> new TrackedLink(d.code(),
                OwnerType.valueOf(d.ownerType()), d.ownerId(), d.storeId(), d.dealerId(), d.roomId(), d.sessionId(),
                d.channel(), d.issuedAt(), d.expiresAt()));
    }

    public enum Outcome { REDIRECT, UNKNOWN, EXPIRED }

    /** What following a link leads to; {@code location} is set for {@link Outcome#REDIRECT} only. */
    public record Followed(Outcome outcome, String location) {
    }

    /**
     * Resolves a link to its room's watch URL carrying {@code ref=<code>} and records the click with its
     * LinkClicked event in one insert. Kafka is not touched here: the outbox relay publishes later.
     */
    public Followed follow(String code, String visitorId, String userAgent, String clientIp) {
        TrackedLink link = find(code).orElse(null);
        if (link == null) {
            return new Followed(Outcome.UNKNOWN, null);
        }
        Instant now = clock.instant();
        if (link.isExpiredAt(now)) {
            return new Followed(Outcome.EXPIRED, null);
        }
        String watchUrl = rooms.watchUrl(link.roomId()).orElse(null);
        if (watchUrl == null) {
            // cannot happen for a link issued here: its room was known when it was issued
            return new Followed(Outcome.UNKNOWN, null);
        }
        String clickId = UUID.randomUUID().toString();
        String agent = userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent
                : userAgent.substring(0, MAX_USER_AGENT);
        String ipHash = ClickFingerprint.ipHash(ipHashSalt, clientIp);
        LinkClicked event = new LinkClicked(clickId, code, visitorId, agent, ipHash, now);
        mongo.insert(new ClickDoc(clickId, code, visitorId, agent, ipHash, now, List.of(
                OutboxRecord.of(Events.LINK_CLICKED, code, code, SOURCE, now, event, null, null))));
        relay.wake(ClickDoc.class, clickId);
        return new Followed(Outcome.REDIRECT, link.redirectTarget(watchUrl));
    }
}
