package io.storecast.distribution.application;

import com.mongodb.MongoBulkWriteException;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.distribution.domain.ClickVisit;
import io.storecast.distribution.persistence.LinkDocuments.ClickDoc;
import io.storecast.distribution.persistence.LinkDocuments.ClickVisitDoc;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;

/**
 * A link's funnel from its click events: every raw click, and visitors counted once per link per hour.
 * Written in bulk from batches of events; ids come from the events, so a redelivered batch adds nothing.
 */
@Service
public class Funnels {

    /** Clicks and hour-deduplicated visitors of one link between {@code from} (inclusive) and {@code to}. */
    public record Funnel(String code, Instant from, Instant to, long clicks, long visitorHours) {
    }

    private final MongoTemplate mongo;

    public Funnels(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.indexOps(ClickDoc.class).createIndex(new Index().on("code", Sort.Direction.ASC)
                .on("clickedAt", Sort.Direction.ASC));
        mongo.indexOps(ClickVisitDoc.class).createIndex(new Index().on("code", Sort.Direction.ASC)
                .on("hour", Sort.Direction.ASC));
    }

    public void record(List<LinkClicked> clicks) {
        insertNew(ClickDoc.class, clicks.stream().map(c -> new ClickDoc(c.clickId(), c.code(), c.visitorId(),
                c.ipHash(), c.clickedAt())).toList());
        insertNew(ClickVisitDoc.class, clicks.stream().map(c -> new ClickVisitDoc(
                ClickVisit.key(c.code(), c.visitorId(), c.clickedAt()), c.code(), c.visitorId(),
                ClickVisit.hourOf(c.clickedAt()))).distinct().toList());
    }

    /** Unordered bulk insert that ignores documents already there (duplicate ids), and only those. */
    private void insertNew(Class<?> type, List<?> docs) {
        if (docs.isEmpty()) {
            return;
        }
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, type).insert(docs).execute();
        } catch (BulkOperationException e) {
            if (e.getErrors().stream().anyMatch(err -> err.getCode() != 11000)) {
                throw e;
            }
        } catch (org.springframework.dao.DuplicateKeyException e) {
            if (!(e.getCause() instanceof MongoBulkWriteException bulk)
                    || bulk.getWriteErrors().stream().anyMatch(err -> err.getCode() != 11000)) {
                throw e;
            }
        }
    }

    public Funnel funnel(String code, Instant from, Instant to) {
        long clicks = mongo.count(Query.query(Criteria.where("code").is(code).and("clickedAt").gte(from).lt(to)),
                ClickDoc.class);
        long visitors = mongo.count(Query.query(Criteria.where("code").is(code).and("hour")
                .gte(ClickVisit.hourOf(from)).lt(to)), ClickVisitDoc.class);
        return new Funnel(code, from, to, clicks, visitors);
    }
}
