package io.storecast.room.application;

import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.Filters;
import io.storecast.room.domain.BroadcastSession;
import io.storecast.room.domain.Lottery;
import io.storecast.room.domain.SessionCount;
import io.storecast.room.domain.Viewer;
import io.storecast.room.persistence.PresenceDocuments.SessionRefDoc;
import io.storecast.room.persistence.PresenceDocuments.SessionStatsDoc;
import io.storecast.room.persistence.PresenceDocuments.ViewerDoc;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The presence read model: written by the presence stream in bulk (whole values, so a repeated write is
 * the same write), read by the viewer, stats and lottery queries. A few hundred milliseconds behind the
 * events.
 */
@Service
public class PresenceReadModel {

    /** One viewer's presence and watch time now. */
    public record ViewerView(String sessionId, String customerId, boolean present, long watchedSeconds,
                             List<String> refs) {
    }

    public record RefCount(String ref, long viewers) {
    }

    private final MongoTemplate mongo;
    private final LinkDirectory links;
    private final Clock clock;

    public PresenceReadModel(MongoTemplate mongo, LinkDirectory links, Clock clock) {
        this.mongo = mongo;
        this.links = links;
        this.clock = clock;
        mongo.indexOps(ViewerDoc.class).createIndex(new Index().on("sessionId", Sort.Direction.ASC)
                .on("present", Sort.Direction.ASC));
        mongo.indexOps(SessionRefDoc.class).createIndex(new Index().on("sessionId", Sort.Direction.ASC));
    }

    // ---- written by the stream

    public void writeViewers(List<Viewer> viewers) {
        if (viewers.isEmpty()) {
            return;
        }
        List<ReplaceOneModel<Document>> writes = new ArrayList<>(viewers.size());
        for (Viewer v : viewers) {
            Document d = new Document("_id", id(v.sessionId(), v.customerId())).append("sessionId", v.sessionId())
                    .append("customerId", v.customerId()).append("present", v.present())
                    .append("joinedAt", v.joinedAt() == null ? null : java.util.Date.from(v.joinedAt()))
                    .append("watchedMillis", v.watchedMillis()).append("refs", v.refs());
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", d.get("_id")), d, new ReplaceOptions().upsert(true)));
        }
        mongo.getCollection(mongo.getCollectionName(ViewerDoc.class)).bulkWrite(writes);
    }

    public void writeSessions(Map<String, SessionCount> counts, Map<String, Long> refViewers) {
        Instant now = clock.instant();
        if (!counts.isEmpty()) {
            List<UpdateOneModel<Document>> writes = new ArrayList<>();
            counts.forEach((sessionId, c) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", sessionId),
                    Updates.combine(Updates.set("concurrent", c.concurrent()), Updates.max("peak", c.peak()),
                            Updates.max("unique", c.unique()), Updates.set("updatedAt", java.util.Date.from(now))),
                    new UpdateOptions().upsert(true))));
            mongo.getCollection(mongo.getCollectionName(SessionStatsDoc.class)).bulkWrite(writes);
        }
        if (!refViewers.isEmpty()) {
            List<UpdateOneModel<Document>> writes = new ArrayList<>();
            refViewers.forEach((key, n) -> {
                int bar = key.indexOf('|');
                writes.add(new UpdateOneModel<>(Filters.eq("_id", key), Updates.combine(
                        Updates.set("sessionId", key.substring(0, bar)), Updates.set("ref", key.substring(bar + 1)),
                        Updates.max("viewers", n)), new UpdateOptions().upsert(true)));
            });
            mongo.getCollection(mongo.getCollectionName(SessionRefDoc.class)).bulkWrite(writes);
        }
    }

    // ---- queries

    public ViewerView viewer(BroadcastSession session, String customerId) {
        ViewerDoc d = mongo.findById(id(session.id(), customerId), ViewerDoc.class);
        if (d == null) {
            return new ViewerView(session.id(), customerId, false, 0, List.of());
        }
        Viewer v = new Viewer(d.sessionId(), d.customerId(), d.present(), d.joinedAt(), d.watchedMillis(),
                d.refs() == null ? List.of() : d.refs(), List.of());
        boolean present = d.present() && session.status() == BroadcastSession.Status.LIVE;
        return new ViewerView(session.id(), customerId, present, v.watchedSeconds(clock.instant(), session.endedAt()),
                v.refs());
    }

    public SessionCount counts(BroadcastSession session) {
        SessionStatsDoc d = mongo.findById(session.id(), SessionStatsDoc.class);
        if (d == null) {
            return SessionCount.NONE;
        }
        // once the session has ended nobody is watching it, whatever departures were never sent
        long concurrent = session.status() == BroadcastSession.Status.LIVE ? d.concurrent() : 0;
        return new SessionCount(concurrent, d.peak(), d.unique());
    }

    /** Distinct viewers per ref they joined through, most first. */
    public List<RefCount> joinsByRef(String sessionId) {
        return mongo.find(Query.query(Criteria.where("sessionId").is(sessionId)), SessionRefDoc.class).stream()
                .map(d -> new RefCount(d.ref(), d.viewers()))
                .sorted(Comparator.comparingLong(RefCount::viewers).reversed().thenComparing(RefCount::ref)).toList();
    }

    /** The customers a lottery may draw from: present now, and for store-link lotteries came through one. */
    public List<String> eligible(String sessionId, Lottery.Eligibility eligibility) {
        List<Document> present = mongo.getCollection(mongo.getCollectionName(ViewerDoc.class))
                .find(Filters.and(Filters.eq("sessionId", sessionId), Filters.eq("present", true)))
                .projection(new Document("customerId", 1).append("refs", 1)).into(new ArrayList<>());
        if (eligibility == Lottery.Eligibility.ALL_VIEWERS) {
            return present.stream().map(d -> d.getString("customerId")).toList();
        }
        Set<String> refs = new HashSet<>();
        present.forEach(d -> refs.addAll(d.getList("refs", String.class, List.of())));
        Set<String> storeCodes = links.storeLinkCodes(refs);
        return present.stream()
                .filter(d -> d.getList("refs", String.class, List.of()).stream().anyMatch(storeCodes::contains))
                .map(d -> d.getString("customerId")).toList();
    }

    static String id(String sessionId, String customerId) {
        return sessionId + ":" + customerId;
    }
}
