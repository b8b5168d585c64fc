package io.storecast.distribution.application;

import io.storecast.distribution.domain.FulfilmentRules.StoreStatus;
import io.storecast.distribution.domain.StoreStock;
import io.storecast.distribution.persistence.StockDocuments.Adjustment;
import io.storecast.distribution.persistence.StockDocuments.StockDoc;
import io.storecast.platform.problems.NotFoundException;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static io.storecast.distribution.persistence.StockDocuments.stockId;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Store stock per SKU. Without transactions, every change is one atomic single-document update, and every
 * update is relative: a reservation moves {@code available} and {@code reserved} together, guarded by
 * {@code available >= q} and by the order not yet holding units; an on-hand change moves {@code onHand} and
 * {@code available} together, guarded by the on-hand figure it was computed from. So
 * {@code available = onHand − reserved ≥ 0} holds after every write however many run at once, and never rests
 * on a read being current (mongo-java-server can even return a half-updated document to a concurrent read).
 */
@Service
public class StockCommands {

    private static final int KEPT_ADJUSTMENTS = 100;

    private final MongoTemplate mongo;
    private final Clock clock;

    public StockCommands(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Read straight from the {@code stores} collection: {@code deactivatedAt} null or absent means active. */
    public StoreStatus storeStatus(String storeId) {
        Document store = mongo.findById(storeId, Document.class, "stores");
        return statusOf(store);
    }

    private static StoreStatus statusOf(Document store) {
        if (store == null) {
            return StoreStatus.UNKNOWN;
        }
        return store.get("deactivatedAt") == null ? StoreStatus.ACTIVE : StoreStatus.INACTIVE;
    }

    /**
     * {@link #storeStatus} of many stores in one query (a broadcast's fulfilment reads them a batch of orders at a
     * time); a store not found is UNKNOWN.
     */
    public Map<String, StoreStatus> storeStatuses(Collection<String> storeIds) {
        Map<String, StoreStatus> out = new HashMap<>();
        storeIds.forEach(id -> out.put(id, StoreStatus.UNKNOWN));
        if (storeIds.isEmpty()) {
            return out;
        }
        Query stores = query(where("_id").in(storeIds));
        stores.fields().include("deactivatedAt");
        for (Document store : mongo.find(stores, Document.class, "stores")) {
            out.put(store.getString("_id"), statusOf(store));
        }
        return out;
    }

    /**
     * Which of these stock ids ({@code <storeId>:<sku>}) exist, in one query: a SKU never stocked at a store cannot
     * be reserved there, so fulfilment need not try.
     */
    public Set<String> stocked(Collection<String> stockIds) {
        if (stockIds.isEmpty()) {
            return Set.of();
        }
        Query ids = query(where("_id").in(stockIds));
        ids.fields().include("_id");
        Set<String> out = new HashSet<>();
        for (Document d : mongo.find(ids, Document.class, mongo.getCollectionName(StockDoc.class))) {
            out.add(d.getString("_id"));
        }
        return out;
    }

    public StoreStock set(String storeId, String sku, long onHand) {
        requireStoreAndSku(storeId, sku);
        return change(storeId, sku, s -> s.withOnHand(onHand), null);
    }

    public StoreStock adjust(String storeId, String sku, long delta, String reason) {
        requireStoreAndSku(storeId, sku);
        return change(storeId, sku, s -> s.adjustedBy(delta), new Adjustment(delta, reason, clock.instant()));
    }

    /** A SKU never stocked at a known store reads as zero units. */
    public StoreStock stock(String storeId, String sku) {
        requireStoreAndSku(storeId, sku);
        StockDoc d = mongo.findById(stockId(storeId, sku), StockDoc.class);
        return d == null ? StoreStock.none(storeId, sku) : toStock(d);
    }

    public List<StoreStock> stockOf(String storeId) {
        requireStore(storeId);
        return mongo.find(query(where("storeId").is(storeId)).with(Sort.by("sku")), StockDoc.class).stream()
                .map(StockCommands::toStock).toList();
    }

    /**
     * Holds {@code quantity} units for the order, unless it holds them already. True when the order holds
     * them after the call, false when the store has too few available (or no such stock).
     */
    public boolean reserve(String storeId, String sku, int quantity, String orderId) {
        String id = stockId(storeId, sku);
        long reserved = mongo.updateFirst(
                query(where("_id").is(id).and("available").gte(quantity).and("reservedFor").ne(orderId)),
                new Update().inc("available", -quantity).inc("reserved", quantity).inc("version", 1)
                        .push("reservedFor", orderId),
                StockDoc.class).getModifiedCount();
        return reserved == 1 || mongo.exists(query(where("_id").is(id).and("reservedFor").is(orderId)), StockDoc.class);
    }

    /** Gives back the units the order holds; nothing when it holds none (released before, or never reserved). */
    public void release(String storeId, String sku, int quantity, String orderId) {
        mongo.updateFirst(query(where("_id").is(stockId(storeId, sku)).and("reservedFor").is(orderId)),
                new Update().inc("available", quantity).inc("reserved", -quantity).inc("version", 1)
                        .pull("reservedFor", orderId),
                StockDoc.class);
    }

    /**
     * Applies the rule to the current figures and moves on-hand and available by the same amount, on the
     * condition that on-hand is still what the rule saw and available stays ≥ 0 — checked by the store
     * atomically, so a concurrent reservation (which moves available and reserved together) can never be
     * overwritten, even if the figures read were out of date. Otherwise reads again and retries. A SKU not
     * stocked yet starts from zero and is created only when the rule accepts.
     */
    private StoreStock change(String storeId, String sku, UnaryOperator<StoreStock> rule, Adjustment adjustment) {
        String id = stockId(storeId, sku);
        while (true) {
            StockDoc current = mongo.findById(id, StockDoc.class);
            if (current == null) {
                StoreStock first = rule.apply(StoreStock.none(storeId, sku));
                try {
                    mongo.insert(new StockDoc(id, storeId, sku, first.onHand(), 0, first.available(), List.of(), 1,
                            adjustment == null ? List.of() : List.of(adjustment)));
                    return first;
                } catch (DuplicateKeyException e) {
                    continue;   // created meanwhile by another writer: apply the rule to theirs
                }
            }
            StoreStock before = toStock(current);
            long delta = rule.apply(before).onHand() - before.onHand();
            Update update = new Update().inc("onHand", delta).inc("available", delta).inc("version", 1);
            if (adjustment != null) {
                update.push("adjustments").slice(-KEPT_ADJUSTMENTS).each(adjustment);
            }
            Query unchanged = query(where("_id").is(id).and("onHand").is(before.onHand()).and("available").gte(-delta));
            StockDoc after = mongo.findAndModify(unchanged, update, FindAndModifyOptions.options().returnNew(true),
                    StockDoc.class);
            if (after != null) {
                return toStock(after);
            }
        }
    }

    private void requireStoreAndSku(String storeId, String sku) {
        StoreStock.requireSku(sku);
        requireStore(storeId);
    }

    private void requireStore(String storeId) {
        if (storeStatus(storeId) == StoreStatus.UNKNOWN) {
            throw new NotFoundException("store", storeId);
        }
    }

    private static StoreStock toStock(StockDoc d) {
        return new StoreStock(d.storeId(), d.sku(), d.onHand(), d.reserved());
    }
}
