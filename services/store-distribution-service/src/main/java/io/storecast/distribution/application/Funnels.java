package io.storecast.distribution.application;

import io.storecast.distribution.domain.ClickVisit;
import io.storecast.distribution.persistence.LinkDocuments.FunnelHourDoc;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;

/**
 * A link's funnel: raw clicks and visitors counted once per link per hour. The counting is done from
 * the click events by {@code messaging.FunnelStream} in state stores (no database write per click); what
 * it counted lands here, one document per link and hour, written in bulk with {@code $max} (counts only
 * grow), so writing a count again, or late, changes nothing.
 */
@Service
public class Funnels {

    /** Clicks and hour-deduplicated visitors of one link, over the clock hours overlapping [from, to). */
    public record Funnel(String code, Instant from, Instant to, long clicks, long visitorHours) {
    }

    /** What the counting knows of one link in one clock hour. */
    public record HourCount(String code, Instant hour, long clicks, long visitors) {
    }

    private final MongoTemplate mongo;

    public Funnels(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(FunnelHourDoc.class).createIndex(new Index().on("code", Sort.Direction.ASC)
                .on("hour", Sort.Direction.ASC));
    }

    public void write(List<HourCount> counts) {
        if (counts.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, FunnelHourDoc.class);
        for (HourCount c : counts) {
            bulk.upsert(Query.query(Criteria.where("_id").is(c.code() + ":" + c.hour().getEpochSecond())),
                    // counts only grow: a late write from an instance that just lost the partition
                    // can never put a smaller number over a newer one
                    new Update().set("code", c.code()).set("hour", c.hour()).max("clicks", c.clicks())
                            .max("visitors", c.visitors()));
        }
        bulk.execute();
    }

    public Funnel funnel(String code, Instant from, Instant to) {
        long clicks = 0;
        long visitors = 0;
        for (FunnelHourDoc h : mongo.find(Query.query(Criteria.where("code").is(code).and("hour")
                .gte(ClickVisit.hourOf(from)).lt(to)), FunnelHourDoc.class)) {
            clicks += h.clicks();
            visitors += h.visitors();
        }
        return new Funnel(code, from, to, clicks, visitors);
    }
}
