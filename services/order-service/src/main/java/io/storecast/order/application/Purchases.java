package io.storecast.order.application;

import io.storecast.order.persistence.OrderDocuments.PurchaseDoc;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * What each customer holds of each limited SKU per session, for the per-customer limit: read by id for a whole
 * checkout round at once, written in one bulk write. An order is recorded and dropped by its id, so repeating
 * either (a retry, a recovery, a second cancellation pass) changes nothing.
 */
@Service
class Purchases {

    /** One order's units of one SKU, under {@code key} ({@code CheckoutRound.purchaseKey}). */
    record Entry(String key, String orderId, int units) {
    }

    private final MongoTemplate mongo;

    Purchases(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The orders (id → units) recorded under each key. */
    Map<String, Map<String, Integer>> holdings(Collection<String> keys) {
        Map<String, Map<String, Integer>> out = new HashMap<>();
        if (!keys.isEmpty()) {
            mongo.find(query(where("_id").in(keys)), PurchaseDoc.class)
                    .forEach(d -> out.put(d.id(), d.orders() == null ? Map.of() : d.orders()));
        }
        return out;
    }

    void record(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, PurchaseDoc.class);
        entries.forEach(e -> bulk.upsert(query(where("_id").is(e.key())),
                new Update().set("orders." + e.orderId(), e.units())));
        bulk.execute();
    }

    void drop(String key, String orderId) {
        mongo.updateFirst(query(where("_id").is(key)), new Update().unset("orders." + orderId), PurchaseDoc.class);
    }
}
