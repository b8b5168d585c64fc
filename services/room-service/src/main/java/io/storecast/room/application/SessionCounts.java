package io.storecast.room.application;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.storecast.room.domain.BroadcastSession;
import io.storecast.room.domain.SessionCount;
import io.storecast.room.persistence.PresenceDocuments.SessionRefDoc;
import io.storecast.room.persistence.PresenceDocuments.SessionStatsDoc;
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
import java.util.List;
import java.util.Map;

/**
 * Each session's viewer counts (watching now, peak, unique) and distinct viewers per ref: written by the
 * presence stream in bulk once a second, whole values or {@code $max}, so a repeated write is harmless.
 */
@Service
public class SessionCounts {

    public record RefCount(String ref, long viewers) {
    }

    private final MongoTemplate mongo;
    private final Clock clock;

    public SessionCounts(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        mongo.indexOps(SessionRefDoc.class).createIndex(new Index().on("sessionId", Sort.Direction.ASC));
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
}
