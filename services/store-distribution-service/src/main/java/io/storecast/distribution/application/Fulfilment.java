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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.storecast.distribution.application.Defaults.SOURCE;
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

    /**
     * Decides who ships the order, once: the credited store when it is active and every line can be reserved
     * there, else the warehouse. A repeated call finds the recorded assignment and changes nothing (beyond
     * finishing a release a crash interrupted). Returns the assignment in force.
     */
    public Decision assign(OrderAttributed a, EventEnvelope cause) {
        AssignmentDoc recorded = mongo.findById(a.orderId(), AssignmentDoc.class);
        if (recorded != null) {
            heal(recorded);
            return decisionOf(recorded);
        }
        List<Line> lines = a.lines().stream()
                .map(l -> new Line(l.lineNo(), l.sku(), l.quantity(), l.amount())).toList();
        StoreStatus status = a.storeId() == null ? StoreStatus.UNKNOWN : stock.storeStatus(a.storeId());
        Optional<String> refusal = FulfilmentRules.refusal(a.creditedType(), a.storeId(), a.dealerId(), status);
        String stockStoreId = refusal.isEmpty() ? a.storeId() : null;
        Decision decision = refusal.map(FulfilmentRules::toWarehouse)
                .orElseGet(() -> reserveEveryLine(a.orderId(), a.storeId(), lines));

        Instant now = clock.instant();
        FulfilmentAssigned event = new FulfilmentAssigned(a.orderId(), a.customerId(), decision.assignee().name(),
                decision.storeId(), lines.stream().map(l -> new FulfilmentAssigned.Item(l.lineNo(), l.sku(),
                l.quantity())).toList(), decision.reason(), now);
        AssignmentDoc doc = new AssignmentDoc(a.orderId(), a.customerId(), decision.assignee().name(),
                decision.storeId(), decision.reason(), stockStoreId, lines, List.of(), now, null, List.of(
                OutboxRecord.withId("fulfilment-assigned:" + a.orderId(), Events.FULFILMENT_ASSIGNED,
                        a.customerId(), a.orderId(), SOURCE, now, event, cause.correlationId(), cause.eventId())));
        try {
            mongo.insert(doc);
        } catch (DuplicateKeyException e) {
            // another delivery of this order got there first: its assignment is the one in force
            AssignmentDoc first = mongo.findById(a.orderId(), AssignmentDoc.class);
            heal(first);
            return decisionOf(first);
        }
        relay.wake(AssignmentDoc.class, a.orderId(), doc.outbox());   // inserted with exactly these: no read back
        // a warehouse order gives back what it reserved before a line failed (after the insert, so a crash
        // in between leaves an assignment that the redelivery heals)
        heal(doc);
        return decision;
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
        heal(mongo.findById(r.orderId(), AssignmentDoc.class));
    }

    private Decision reserveEveryLine(String orderId, String storeId, List<Line> lines) {
        for (Map.Entry<String, Integer> e : FulfilmentRules.quantitiesBySku(lines).entrySet()) {
            if (!stock.reserve(storeId, e.getKey(), e.getValue(), orderId)) {
                return FulfilmentRules.noStock(e.getKey(), storeId);
            }
        }
        return FulfilmentRules.toStore(storeId);
    }

    /**
     * Brings the store's stock in line with the recorded assignment: a warehouse order holds nothing there,
     * nor does a store order refunded in full. Idempotent, so running it again releases nothing twice.
     */
    private void heal(AssignmentDoc d) {
        if (d.stockStoreId() == null) {
            return;
        }
        boolean warehouse = Assignee.HQ_WAREHOUSE.name().equals(d.assignee());
        boolean refunded = FulfilmentRules.fullyRefunded(d.lines(), d.refunds());
        if (!warehouse && !refunded) {
            return;
        }
        FulfilmentRules.quantitiesBySku(d.lines())
                .forEach((sku, quantity) -> stock.release(d.stockStoreId(), sku, quantity, d.orderId()));
        if (refunded && !warehouse && d.releasedAt() == null) {
            mongo.updateFirst(query(where("_id").is(d.orderId()).and("releasedAt").is(null)),
                    new Update().set("releasedAt", clock.instant()), AssignmentDoc.class);
        }
    }

    private static Decision decisionOf(AssignmentDoc d) {
        return new Decision(Assignee.valueOf(d.assignee()), d.storeId(), d.reason());
    }
}
