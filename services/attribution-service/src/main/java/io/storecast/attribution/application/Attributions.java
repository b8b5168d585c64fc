package io.storecast.attribution.application;

import io.storecast.attribution.domain.Decision;
import io.storecast.attribution.persistence.AttributionDocuments.AdjustmentOutcomeDoc;
import io.storecast.attribution.persistence.AttributionDocuments.CustomerTouchesDoc;
import io.storecast.attribution.persistence.AttributionDocuments.DecisionDoc;
import io.storecast.attribution.persistence.AttributionDocuments.LedgerDoc;
import io.storecast.attribution.persistence.AttributionDocuments.ShippingDoc;
import io.storecast.attribution.persistence.AttributionDocuments.TouchDoc;
import io.storecast.attribution.persistence.RecordBson;
import io.storecast.contracts.EventJson;
import io.storecast.platform.persistence.BulkWrites;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import io.storecast.platform.problems.NotFoundException;
import io.storecast.platform.problems.UnavailableException;
import com.mongodb.client.model.BulkWriteOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The decisions and the ledger as their read model holds them (ADR 0008: the decision stream keeps the books, Mongo is
 * what the APIs, the close and the statements read), the writing of that read model from the stream's changes, and
 * HQ's adjustments, which are commands to the stream. Nothing here reads another service's database.
 */
@Service
public class Attributions {

    static final String PENDING = Bookkeeping.PENDING;
    static final String SETTLEABLE = Bookkeeping.SETTLEABLE;
    /** How long an adjustment request waits for the decision stream's answer before answering 503 (retry it). */
    private static final Duration ADJUSTMENT_WAIT = Duration.ofSeconds(10);

    private final MongoTemplate mongo;
    private final ReferenceViews reference;
    private final KafkaTemplate<String, byte[]> kafka;
    private final String adjustments;
    private final Clock clock;

    public Attributions(MongoTemplate mongo, ReferenceViews reference, KafkaTemplate<String, byte[]> kafka,
                        @Value("${spring.application.name}") String app, Clock clock) {
        this.mongo = mongo;
        this.reference = reference;
        this.kafka = kafka;
        this.adjustments = adjustmentsTopic(app);
        this.clock = clock;
    }

    /** The topic of HQ's adjustments to the decision stream, keyed by customer like everything it reads. */
    public static String adjustmentsTopic(String app) {
        return app + "-decisions-adjustments";
    }

    /**
     * Adds each touch to its customer's document unless it is there already, in one round trip. A touch is the same
     * value on every delivery of its event (its id and times come from the event), so adding it to the set twice
     * keeps one; the filter is the id alone, which every store answers from its index.
     */
    private void recordTouches(List<TouchDoc> touches) {
        if (touches.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, CustomerTouchesDoc.class);
        for (TouchDoc t : touches) {
            bulk.upsert(Query.query(Criteria.where("_id").is(t.customerId())), new Update().addToSet("touches", t));
        }
        BulkWrites.executeIgnoringDuplicates(bulk);
    }

    /**
     * What the decision stream changed, for the read model: the touches it recorded, an order's decision as it reads
     * now (whole), the entries it wrote, whether the order just completed (its pending entries become settleable), how
     * it answered an adjustment, and who ships an order when that is all that changed ({@code shipping}: the decision
     * is then not sent whole again).
     */
    public record Change(List<TouchDoc> touches, DecisionDoc decision, List<LedgerDoc> entries, boolean completed,
                         AdjustmentOutcomeDoc outcome, ShippingDoc shipping) {

        public Change {
            touches = touches == null ? List.of() : touches;
            entries = entries == null ? List.of() : entries;
        }
    }

    /**
     * Writes the decision stream's changes (in the order it made them) to the read model, in a fixed number of bulk
     * round trips whatever their count, each idempotent: the touches added to their customers' sets, each decision
     * replaced whole by its latest value, who ships an order inserted once beside it ({@link ShippingDoc}: an update
     * of the decision would have the store copy the whole document again), the entries inserted once (so a
     * settlement state that a close or a payout moved on is never put back), then the completed orders' pending
     * entries made settleable, and last the answers to adjustments (so the decision an answer speaks of is there when
     * it is).
     */
    public void applyChanges(List<Change> changes) {
        recordTouches(changes.stream().flatMap(c -> c.touches().stream()).toList());
        Map<String, DecisionDoc> latest = new java.util.LinkedHashMap<>();
        List<LedgerDoc> entries = new ArrayList<>();
        List<String> settle = new ArrayList<>();
        List<AdjustmentOutcomeDoc> outcomes = new ArrayList<>();
        List<ShippingDoc> shipping = new ArrayList<>();
        for (Change c : changes) {
            if (c.shipping() != null) {
                shipping.add(c.shipping());
            }
            if (c.outcome() != null) {
                outcomes.add(c.outcome());
            }
            if (c.decision() != null) {
                latest.put(c.decision().orderId(), c.decision());
                if (c.completed()) {
                    settle.addAll(Bookkeeping.entryIds(c.decision()));
                }
            }
            entries.addAll(c.entries());
        }
        if (!latest.isEmpty()) {
            // written as Spring Data's mapping would, without it (RecordBson): about half of this writer's samples went there
            RecordBson.collection(mongo, DecisionDoc.class).bulkWrite(latest.values().stream()
                    .map(RecordBson::upsert).toList(), new BulkWriteOptions().ordered(false));
        }
        if (!shipping.isEmpty()) {
            BulkWrites.insertIgnoringDuplicates(RecordBson.collection(mongo, ShippingDoc.class),
                    shipping.stream().map(RecordBson::write).toList());
        }
        if (!entries.isEmpty()) {
            BulkWrites.insertIgnoringDuplicates(RecordBson.collection(mongo, LedgerDoc.class),
                    entries.stream().map(RecordBson::write).toList());
        }
        if (!settle.isEmpty()) {
            mongo.updateMulti(Query.query(Criteria.where("_id").in(settle).and("status").is(PENDING)),
                    new Update().set("status", SETTLEABLE), LedgerDoc.class);
        }
        if (!outcomes.isEmpty()) {
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, AdjustmentOutcomeDoc.class);
            outcomes.forEach(o -> bulk.replaceOne(Query.query(Criteria.where("_id").is(o.requestId())), o,
                    FindAndReplaceOptions.options().upsert()));
            bulk.execute();
        }
    }

    /** A customer's touches by time, equal times by arrival. */
    public List<TouchDoc> touches(String customerId) {
        return sorted(mongo.findById(customerId, CustomerTouchesDoc.class));
    }

    private static List<TouchDoc> sorted(CustomerTouchesDoc doc) {
        return doc == null || doc.touches() == null ? List.of() : Bookkeeping.sorted(doc.touches());
    }

    /** HQ's new credit for an order: the type, and the store (with a staff member) or the dealer it names. */
    public record Credit(Decision.Credited type, String storeId, String staffId, String dealerId) {
    }

    /**
     * HQ's adjustment of an order's decision as sent to the decision stream: the credit resolved (store, its dealer,
     * staff member), who, why, and when it was asked (the adjustment's time, so the stream taking it again after a
     * crash makes the same entries); the stream answers under {@code requestId}.
     */
    public record AdjustmentCommand(String requestId, String orderId, String customerId, String adjustmentId,
                                    int basedOnVersion,
                                    String creditedType, String storeId, String dealerId, String staffId,
                                    String adjustedBy, String reason, Instant requestedAt) {

        public Decision credit() {
            return new Decision(Decision.Credited.valueOf(creditedType), storeId, dealerId, staffId, null, null,
                    List.of(), "HQ");
        }
    }

    /**
     * HQ overrides an order's decision: a new decision version recording who, why and the decision it replaces, with
     * {@code ADJUSTMENT} entries that move the commission (see {@link Bookkeeping#adjust}). The credit is checked here
     * against what this instance knows of the network; the decision stream, which keeps the order's books, takes the
     * adjustment or refuses it (another version in force, the same credit already, the same {@code adjustmentId} with
     * another credit), and this answers what it did once its read model shows it. The same {@code adjustmentId} again
     * answers the recorded decision.
     */
    public DecisionDoc adjust(String orderId, String adjustmentId, int basedOnVersion, Credit credit,
                              String adjustedBy, String reason) {
        DecisionDoc current = decision(orderId);
        Decision next = resolve(credit);
        AdjustmentCommand command = new AdjustmentCommand(java.util.UUID.randomUUID().toString(), orderId,
                current.customerId(), adjustmentId, basedOnVersion, next.creditedType().name(), next.storeId(),
                next.dealerId(), next.staffId(), adjustedBy, reason, clock.instant());
        send(command);
        AdjustmentOutcomeDoc outcome = awaitOutcome(command.requestId());
        if (!"APPLIED".equals(outcome.status())) {
            throw new ConflictException(outcome.field(), outcome.message());
        }
        return decision(orderId);
    }

    private void send(AdjustmentCommand command) {
        try {
            kafka.send(adjustments, command.customerId(), EventJson.write(command)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("adjustment not sent", "interrupted: send it again", 1, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new UnavailableException("adjustment not sent", "the broker did not take it: send it again", 1, e);
        }
    }

    private AdjustmentOutcomeDoc awaitOutcome(String id) {
        long deadline = System.nanoTime() + ADJUSTMENT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            AdjustmentOutcomeDoc outcome = mongo.findById(id, AdjustmentOutcomeDoc.class);
            if (outcome != null) {
                return outcome;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new UnavailableException("adjustment not answered yet", "the adjustment is on its way to the decision "
                + "stream but was not answered within " + ADJUSTMENT_WAIT.toSeconds()
                + " s: send it again with the same adjustmentId", 2, null);
    }

    private Decision resolve(Credit c) {
        // a field the credit's type has no use for is refused, not dropped: HQ meant something by it
        String stray = switch (c.type()) {
            case HQ -> c.storeId() != null ? "storeId" : c.staffId() != null ? "staffId"
                    : c.dealerId() != null ? "dealerId" : null;
            case DEALER -> c.storeId() != null ? "storeId" : c.staffId() != null ? "staffId" : null;
            case STORE -> c.dealerId() != null ? "dealerId" : null;
        };
        if (stray != null) {
            throw new InvalidFieldException(stray, "a credit to " + c.type() + " takes no " + stray
                    + (c.type() == Decision.Credited.STORE ? " (the store's own dealer is credited with it)" : ""), 400);
        }
        return switch (c.type()) {
            case HQ -> Decision.hq(List.of(), "HQ");
            case DEALER -> {
                if (c.dealerId() == null || reference.dealer(c.dealerId()).isEmpty()) {
                    throw new InvalidFieldException("dealerId", "dealer " + c.dealerId() + " is not known");
                }
                yield new Decision(Decision.Credited.DEALER, null, c.dealerId(), null, null, null, List.of(), "HQ");
            }
            case STORE -> {
                var store = c.storeId() == null ? null : reference.store(c.storeId()).orElse(null);
                if (store == null) {
                    throw new InvalidFieldException("storeId", "store " + c.storeId() + " is not known");
                }
                if (c.staffId() != null && reference.staff(c.staffId()).filter(st -> st.storeId().equals(store.id()))
                        .isEmpty()) {
                    throw new InvalidFieldException("staffId", "staff member " + c.staffId() + " is not of store "
                            + store.id());
                }
                yield new Decision(Decision.Credited.STORE, store.id(), store.dealerId(), c.staffId(), null, null,
                        List.of(), "HQ");
            }
        };
    }

    /** The order's decision as the read model holds it, with who ships the order once that is known. */
    public DecisionDoc decision(String orderId) {
        DecisionDoc d = mongo.findById(orderId, DecisionDoc.class);
        if (d == null) {
            throw new NotFoundException("attribution for order", orderId);
        }
        if (d.fulfilmentAssignee() != null) {
            return d;
        }
        ShippingDoc shipping = mongo.findById(orderId, ShippingDoc.class);
        return shipping == null ? d : d.withFulfilment(shipping.assignee(), shipping.storeId());
    }

    public List<LedgerDoc> ledgerOfOrder(String orderId) {
        DecisionDoc d = mongo.findById(orderId, DecisionDoc.class);
        return d == null ? List.of() : mongo.find(Query.query(Criteria.where("_id").in(Bookkeeping.entryIds(d)))
                .with(Sort.by("_id")), LedgerDoc.class);
    }
}
