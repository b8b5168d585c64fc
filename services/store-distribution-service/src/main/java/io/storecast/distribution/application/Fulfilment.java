package io.storecast.distribution.application;

import io.storecast.contracts.EventEnvelope;
import io.storecast.contracts.Events;
import io.storecast.contracts.attribution.OrderAttributed;
import io.storecast.contracts.fulfilment.FulfilmentAssigned;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.distribution.domain.FulfilmentRules;
import io.storecast.distribution.domain.FulfilmentRules.Assignee;
import io.storecast.distribution.domain.FulfilmentRules.Decision;
import io.storecast.distribution.domain.FulfilmentRules.Line;
import io.storecast.distribution.domain.FulfilmentRules.Refund;
import io.storecast.distribution.domain.FulfilmentRules.StoreStatus;
import io.storecast.distribution.persistence.StockDocuments.AssignmentDoc;
import io.storecast.platform.messaging.NotYetKnownException;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.outbox.OutboxRelay;
import io.storecast.platform.persistence.BulkWrites;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.storecast.distribution.application.Defaults.SOURCE;
import static io.storecast.distribution.persistence.StockDocuments.stockId;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Assigns each paid, attributed order to its credited store or to the HQ warehouse, and releases the store's
 * reservation when the order is refunded in full. Without transactions, every step is idempotent:
 * reservations and releases by the order's membership in {@code reservedFor}, the assignment by its id (the
 * order id, inserted once, its event inside it). A crash anywhere is healed by the redelivered event.
 * Cancelling a paid order does not exist yet (issue 5); it will release through {@link #heal} the same way.
 */
@Service
public class Fulfilment {

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final StockCommands stock;
    private final Clock clock;

    public Fulfilment(MongoTemplate mongo, OutboxRelay relay, StockCommands stock, Clock clock) {
        this.mongo = mongo;
        this.relay = relay;
        this.stock = stock;
        this.clock = clock;
    }

    /** A paid, attributed order to assign, and the event that said so (the assignment's cause). */
    public record Paid(OrderAttributed order, EventEnvelope cause) {
    }

    /**
     * Decides who ships each order, once: the credited store when it is active and every line can be reserved
     * there, else the warehouse. Built for a broadcast's rate: the assignments already recorded, the stores' status
     * and which SKUs the stores stock at all are read in one query each for the whole batch, the new assignments are
     * inserted in one bulk write, and only a reservation at a store that stocks the SKU is a write of its own (a
     * guarded atomic update, as {@link StockCommands#reserve} says). An order given twice, or recorded already, is
     * assigned once and answers its recorded assignment (beyond finishing a release a crash interrupted). Returns
     * the assignment in force for each of {@code paid}, in its order.
     */
    public List<Decision> assign(List<Paid> paid) {
        if (paid.isEmpty()) {
            return List.of();       // a poll of nothing but other events, or a poison record first
        }
        Map<String, Paid> orders = new LinkedHashMap<>();
        paid.forEach(p -> orders.putIfAbsent(p.order().orderId(), p));
        Map<String, AssignmentDoc> inForce = new HashMap<>();
        for (AssignmentDoc recorded : mongo.find(query(where("_id").in(orders.keySet())), AssignmentDoc.class)) {
            heal(recorded, null);
            inForce.put(recorded.orderId(), recorded);
        }
        List<Paid> fresh = orders.values().stream().filter(p -> !inForce.containsKey(p.order().orderId())).toList();
        Map<String, StoreStatus> statuses = stock.storeStatuses(fresh.stream()
                .map(p -> p.order().storeId()).filter(Objects::nonNull).collect(Collectors.toSet()));
        Set<String> stocked = stock.stocked(fresh.stream().filter(p -> p.order().storeId() != null)
                .flatMap(p -> p.order().lines().stream().map(l -> stockId(p.order().storeId(), l.sku())))
                .collect(Collectors.toSet()));

        List<AssignmentDoc> docs = new ArrayList<>();
        for (Paid p : fresh) {
            docs.add(assignment(p, statuses.getOrDefault(p.order().storeId(), StoreStatus.UNKNOWN), stocked));
        }
        BulkOperations insert = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, AssignmentDoc.class);
        insert.insert(docs);
        Set<Integer> refused = docs.isEmpty() ? Set.of() : BulkWrites.executeIgnoringDuplicates(insert);
        Map<String, AssignmentDoc> lost = new HashMap<>();
        for (int i = 0; i < docs.size(); i++) {
            AssignmentDoc doc = docs.get(i);
            if (refused.contains(i)) {
                lost.put(doc.orderId(), doc);   // another delivery of this order got there first: its assignment rules
                continue;
            }
            relay.wake(AssignmentDoc.class, doc.orderId(), doc.outbox());   // inserted with exactly these: no read back
            // a warehouse order gives back what it reserved before a line failed (after the insert, so a crash in
            // between leaves an assignment that the redelivery heals); only a SKU the store stocks can be held
            heal(doc, stocked);
            inForce.put(doc.orderId(), doc);
        }
        if (!lost.isEmpty()) {
            for (AssignmentDoc first : mongo.find(query(where("_id").in(lost.keySet())), AssignmentDoc.class)) {
                heal(first, null);
                AssignmentDoc mine = lost.get(first.orderId());
                if (mine.stockStoreId() != null && !(Assignee.STORE.name().equals(first.assignee())
                        && mine.stockStoreId().equals(first.storeId()))) {
                    release(mine, stocked);     // what this walk held, the assignment in force does not ship
                }
                inForce.put(first.orderId(), first);
            }
        }
        return paid.stream().map(p -> decisionOf(inForce.get(p.order().orderId()))).toList();
    }

    /**
     * The assignment of one order not assigned yet, its event inside it; reserves the order's lines at the credited
     * store when it may ship them. {@code stockStoreId} is the credited store whenever there is one, even when it may
     * not ship now (an earlier, interrupted walk may have reserved there before it was deactivated).
     */
    private AssignmentDoc assignment(Paid p, StoreStatus status, Set<String> stocked) {
        OrderAttributed a = p.order();
        List<Line> lines = a.lines().stream()
                .map(l -> new Line(l.lineNo(), l.sku(), l.quantity(), l.amount())).toList();
        Optional<String> refusal = FulfilmentRules.refusal(a.creditedType(), a.storeId(), a.dealerId(), status);
        Decision decision = refusal.map(FulfilmentRules::toWarehouse)
                .orElseGet(() -> reserveEveryLine(a.orderId(), a.storeId(), lines, stocked));

        Instant now = clock.instant();
        FulfilmentAssigned event = new FulfilmentAssigned(a.orderId(), a.customerId(), decision.assignee().name(),
                decision.storeId(), lines.stream().map(l -> new FulfilmentAssigned.Item(l.lineNo(), l.sku(),
                l.quantity())).toList(), decision.reason(), now);
        return new AssignmentDoc(a.orderId(), a.customerId(), decision.assignee().name(), decision.storeId(),
                decision.reason(), "STORE".equals(a.creditedType()) ? a.storeId() : null, lines, List.of(), now, null,
                List.of(
                OutboxRecord.withId("fulfilment-assigned:" + a.orderId(), Events.FULFILMENT_ASSIGNED,
                        a.customerId(), a.orderId(), SOURCE, now, event, p.cause().correlationId(),
                        p.cause().eventId())));
    }

    /** Records a refund once per refund id; the order's store reservation ends when every line is refunded in full. */
    public void refund(OrderRefunded r) {
        if (!mongo.exists(query(where("_id").is(r.orderId())), AssignmentDoc.class)) {
            throw new NotYetKnownException("refund " + r.refundId() + " of order " + r.orderId()
                    + " waits for the order's fulfilment assignment");
        }
        mongo.updateFirst(query(where("_id").is(r.orderId()).and("refunds.refundId").ne(r.refundId())),
                new Update().push("refunds", new Refund(r.refundId(), r.lineNo(), r.amount(), r.lineRefundedTotal(),
                        r.refundedAt())),
                AssignmentDoc.class);
        heal(mongo.findById(r.orderId(), AssignmentDoc.class), null);
    }

    /**
     * Walks the SKUs in a fixed order and reserves each until one cannot be had; a SKU the store has never stocked
     * ({@code stocked} holds the stock ids that exist) cannot be.
     */
    private Decision reserveEveryLine(String orderId, String storeId, List<Line> lines, Set<String> stocked) {
        for (Map.Entry<String, Integer> e : FulfilmentRules.quantitiesBySku(lines).entrySet()) {
            String sku = e.getKey();
            if (!stocked.contains(stockId(storeId, sku)) || !stock.reserve(storeId, sku, e.getValue(), orderId)) {
                return FulfilmentRules.noStock(sku, storeId);
            }
        }
        return FulfilmentRules.toStore(storeId);
    }

    /**
     * Brings the store's stock in line with the recorded assignment: a warehouse order holds nothing there,
     * nor does a store order refunded in full. Idempotent, so running it again releases nothing twice.
     */
    private void heal(AssignmentDoc d, Set<String> stocked) {
        if (d.stockStoreId() == null) {
            return;
        }
        boolean warehouse = Assignee.HQ_WAREHOUSE.name().equals(d.assignee());
        boolean refunded = FulfilmentRules.fullyRefunded(d.lines(), d.refunds());
        if (!warehouse && !refunded) {
            return;
        }
        release(d, stocked);
        if (refunded && !warehouse && d.releasedAt() == null) {
            mongo.updateFirst(query(where("_id").is(d.orderId()).and("releasedAt").is(null)),
                    new Update().set("releasedAt", clock.instant()), AssignmentDoc.class);
        }
    }

    /**
     * Gives back whatever the order holds at its stock store (idempotent per order and SKU); with {@code stocked}
     * (the stock ids known to exist), only there, since a SKU never stocked holds nothing.
     */
    private void release(AssignmentDoc d, Set<String> stocked) {
        FulfilmentRules.quantitiesBySku(d.lines()).forEach((sku, quantity) -> {
            if (stocked == null || stocked.contains(stockId(d.stockStoreId(), sku))) {
                stock.release(d.stockStoreId(), sku, quantity, d.orderId());
            }
        });
    }

    private static Decision decisionOf(AssignmentDoc d) {
        return new Decision(Assignee.valueOf(d.assignee()), d.storeId(), d.reason());
    }
}
