package io.storecast.order.application;

import io.storecast.order.domain.FlashStock;
import io.storecast.order.domain.FlashStock.Hold;
import io.storecast.order.domain.FlashStock.Unit;
import io.storecast.order.persistence.OrderDocuments.StockDoc;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import io.storecast.platform.problems.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Flash-sale stock per session and SKU. Every change is a compare-and-set on the stock's version, so two
 * writers (two instances, a top-up racing a checkout round) can never both apply a change computed from the same
 * state: stock is never oversold. Units taken or given back are recorded as a {@link Hold} in the same write.
 */
@Service
public class FlashSales {

    private static final int ATTEMPTS = 20;

    private final MongoTemplate mongo;
    private final ProductCatalog catalog;

    public FlashSales(MongoTemplate mongo, ProductCatalog catalog) {
        this.mongo = mongo;
        this.catalog = catalog;
    }

    public FlashStock allocate(String sessionId, String sku, long units, int perCustomerLimit) {
        catalog.product(sku);
        FlashStock s = FlashStock.allocate(sessionId, sku, units, perCustomerLimit);
        try {
            mongo.insert(StockDoc.of(s));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("sku", "sku " + sku + " already has stock in session " + sessionId
                    + "; top it up instead");
        }
        return s;
    }

    public FlashStock stock(String sessionId, String sku) {
        StockDoc d = mongo.findById(sessionId + "/" + sku, StockDoc.class);
        if (d == null) {
            throw new NotFoundException("stock", sessionId + "/" + sku);
        }
        return d.toStock();
    }

    public List<FlashStock> session(String sessionId) {
        return mongo.find(query(where("sessionId").is(sessionId)), StockDoc.class).stream().map(StockDoc::toStock)
                .sorted(Comparator.comparing(FlashStock::sku)).toList();
    }

    /** Adds units (both allocated and on sale); optionally changes the per-customer limit. */
    public FlashStock topUp(String sessionId, String sku, long units, Integer perCustomerLimit) {
        FlashStock.requireUnits(units);
        if (perCustomerLimit != null) {
            FlashStock.requireLimit(perCustomerLimit);
        }
        for (int i = 0; i < ATTEMPTS; i++) {
            FlashStock s = stock(sessionId, sku);
            Update u = new Update().inc("allocated", units).inc("remaining", units);
            if (perCustomerLimit != null) {
                u.set("perCustomerLimit", perCustomerLimit);
            }
            FlashStock after = new FlashStock(sessionId, sku, s.allocated() + units, s.remaining() + units,
                    perCustomerLimit == null ? s.perCustomerLimit() : perCustomerLimit, s.version() + 1, s.holds());
            if (compareAndSet(s, after, u)) {
                return after;
            }
        }
        throw new ConflictException("sku", "stock of " + sku + " in session " + sessionId + " is changing; retry");
    }

    /** The stocks by {@code sessionId/sku}; keys without stock are absent. */
    Map<String, FlashStock> stocks(Collection<String> keys) {
        return mongo.find(query(where("_id").in(keys)), StockDoc.class).stream().map(StockDoc::toStock)
                .collect(Collectors.toMap(s -> s.sessionId() + "/" + s.sku(), Function.identity()));
    }

    /**
     * One compare-and-set on {@code s} as it was known: adds hold {@code add} (its units taken off sale; may be
     * null) and ends the holds named in {@code end}, putting each one's units back on sale — only for holds the
     * stock still has, so a hold ended already (by an earlier try, by the recovery) gives nothing back twice.
     * Returns the stock as it now is, or null when it changed since it was known.
     */
    FlashStock apply(FlashStock s, Hold add, Map<String, Long> end) {
        long taken = add == null ? 0 : add.units().stream().mapToLong(Unit::quantity).sum();
        long giveBack = s.holds().stream().filter(h -> end.containsKey(h.holdId()))
                .mapToLong(h -> end.get(h.holdId())).sum();
        if (taken > s.remaining() + giveBack) {
            throw new IllegalStateException("a round took more than it read");
        }
        Update u = new Update();
        if (taken != giveBack) {
            u.inc("remaining", giveBack - taken);
        }
        List<Hold> holds = new ArrayList<>(s.holds().stream().filter(h -> !end.containsKey(h.holdId())).toList());
        if (add != null) {
            holds.add(add);
        }
        // the whole list is set: the compare-and-set guarantees it is the list this was computed from
        u.set("holds", holds);
        FlashStock after = new FlashStock(s.sessionId(), s.sku(), s.allocated(), s.remaining() + giveBack - taken,
                s.perCustomerLimit(), s.version() + 1, holds);
        return compareAndSet(s, after, u) ? after : null;
    }

    /**
     * Ends hold {@code holdId} on the stock {@code key}, putting {@code giveBack} units back on sale. Retries
     * against concurrent changes; does nothing when the hold is gone already (ended by a recovery).
     */
    void endHold(String key, String holdId, long giveBack) {
        for (int i = 0; i < ATTEMPTS; i++) {
            StockDoc d = mongo.findById(key, StockDoc.class);
            if (d == null || d.holds().stream().noneMatch(h -> h.holdId().equals(holdId))) {
                return;
            }
            FlashStock s = d.toStock();
            Update u = new Update().pull("holds", new org.bson.Document("holdId", holdId));
            if (giveBack > 0) {
                u.inc("remaining", giveBack);
            }
            FlashStock after = new FlashStock(s.sessionId(), s.sku(), s.allocated(), s.remaining() + giveBack,
                    s.perCustomerLimit(), s.version() + 1, s.holds().stream().filter(h -> !h.holdId().equals(holdId))
                    .toList());
            if (compareAndSet(s, after, u)) {
                return;
            }
        }
        throw new IllegalStateException("cannot end hold " + holdId + " on " + key + " after " + ATTEMPTS + " tries");
    }

    /**
     * Puts the units of a cancelled order back on sale once: the units and hold {@code return:<orderId>} are
     * written together, so seeing the hold means the units are back; and once the hold is gone, {@code done}
     * (the order's flag, read after the stock) says they were. Returns false when they already were back.
     */
    boolean giveBack(String key, String orderId, int quantity, Instant at, java.util.function.BooleanSupplier done) {
        String holdId = "return:" + orderId;
        for (int i = 0; i < ATTEMPTS; i++) {
            StockDoc d = mongo.findById(key, StockDoc.class);
            if (d == null) {
                throw new InvalidFieldException("sku", "no stock " + key + " for order " + orderId);
            }
            if (d.holds().stream().anyMatch(h -> h.holdId().equals(holdId)) || done.getAsBoolean()) {
                return false;
            }
            FlashStock s = d.toStock();
            Hold returned = new Hold(holdId, at, List.of(new Unit(orderId, null, quantity)));
            List<Hold> holds = new ArrayList<>(s.holds());
            holds.add(returned);
            FlashStock after = new FlashStock(s.sessionId(), s.sku(), s.allocated(), s.remaining() + quantity,
                    s.perCustomerLimit(), s.version() + 1, holds);
            if (compareAndSet(s, after, new Update().inc("remaining", quantity).push("holds", returned))) {
                return true;
            }
        }
        throw new IllegalStateException("cannot give back " + orderId + " to " + key);
    }

    /** Stocks that have holds started before {@code before}: their writer may have died. */
    List<FlashStock> withHoldsBefore(Instant before) {
        return mongo.find(query(where("holds.0").exists(true)), StockDoc.class).stream().map(StockDoc::toStock)
                .filter(s -> s.holds().stream().anyMatch(h -> h.at().isBefore(before))).toList();
    }

    /**
     * Writes {@code u}, which takes stock {@code s} to {@code after}, only where the stored stock is {@code s}: its key
     * is computed from {@code s} as read, so a read caught half-way through another write matches no document. (A
     * stock keyed before keys carried a digest is given its digest key at start-up, {@code OrderIndexes}.)
     */
    private boolean compareAndSet(FlashStock s, FlashStock after, Update u) {
        u.set("version", after.version()).set("rev", StockDoc.rev(after));
        return mongo.updateFirst(query(where("rev").is(StockDoc.rev(s))), u, StockDoc.class).getModifiedCount() == 1;
    }
}
