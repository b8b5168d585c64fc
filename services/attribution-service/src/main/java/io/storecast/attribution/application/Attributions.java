package io.storecast.attribution.application;

import io.storecast.attribution.domain.AttributionRules;
import io.storecast.attribution.domain.CommissionPlan;
import io.storecast.attribution.domain.CommissionRules;
import io.storecast.attribution.domain.CommissionRules.PaidLine;
import io.storecast.attribution.domain.Decision;
import io.storecast.attribution.domain.LedgerEntry;
import io.storecast.attribution.domain.Policy;
import io.storecast.attribution.domain.Touch;
import io.storecast.attribution.domain.TouchKind;
import io.storecast.attribution.persistence.AttributionDocuments.AdjustmentDoc;
import io.storecast.attribution.persistence.AttributionDocuments.CandidateDoc;
import io.storecast.attribution.persistence.AttributionDocuments.CustomerTouchesDoc;
import io.storecast.attribution.persistence.AttributionDocuments.PreviousDecisionDoc;
import io.storecast.attribution.persistence.AttributionDocuments.DecisionDoc;
import io.storecast.attribution.persistence.AttributionDocuments.LedgerDoc;
import io.storecast.attribution.persistence.AttributionDocuments.LineDoc;
import io.storecast.attribution.persistence.AttributionDocuments.RefundDoc;
import io.storecast.attribution.persistence.AttributionDocuments.TouchDoc;
import io.storecast.contracts.Events;
import io.storecast.contracts.EventEnvelope;
import io.storecast.contracts.attribution.CommissionEntryRecorded;
import io.storecast.contracts.attribution.OrderAttributed;
import io.storecast.contracts.fulfilment.FulfilmentAssigned;
import io.storecast.contracts.orders.OrderCompleted;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.contracts.Topics;
import io.storecast.platform.messaging.TopicEnds;
import io.storecast.platform.messaging.NotYetKnownException;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.outbox.OutboxRelay;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import io.storecast.platform.problems.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Touches in, decisions and ledger entries out. Each step is idempotent by construction — ids come
 * from the events (touch ids, order ids, order:line:role:sequence ledger ids) and a duplicate insert
 * is ignored — so a redelivered event, or a replay after a crash between two writes, changes nothing
 * twice. Nothing here reads another service's database.
 */
@Service
public class Attributions {

    private static final String SOURCE = "attribution-service";
    static final String PENDING = "PENDING";
    static final String SETTLEABLE = "SETTLEABLE";
    /** Where the links, network and plans a decision needs come from. */
    private static final List<String> REFERENCE_TOPICS = List.of(Topics.NETWORK, Topics.LINKS, Topics.COMMISSION_PLANS);
    /** How long a batch of payments waits in the listener for this instance's memory of them before retrying. */
    private static final java.time.Duration REFERENCE_WAIT = java.time.Duration.ofSeconds(1);

    private final MongoTemplate mongo;
    private final ReferenceViews reference;
    private final OutboxRelay relay;
    private final AttributionSettings settings;
    private final Policies policies;
    private final TopicEnds topicEnds;
    private final Clock clock;

    public Attributions(MongoTemplate mongo, ReferenceViews reference, OutboxRelay relay, AttributionSettings settings,
                        Policies policies, TopicEnds topicEnds, Clock clock) {
        this.policies = policies;
        this.clock = clock;
        this.mongo = mongo;
        this.reference = reference;
        this.relay = relay;
        this.settings = settings;
        this.topicEnds = topicEnds;
    }

    /**
     * Adds each touch to its customer's document unless it is there already, in one round trip. A touch is the same
     * value on every delivery of its event (its id and times come from the event), so adding it to the set twice
     * keeps one; the filter is the id alone, which every store answers from its index.
     */
    public void recordTouches(List<TouchDoc> touches) {
        if (touches.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, CustomerTouchesDoc.class);
        for (TouchDoc t : touches) {
            bulk.upsert(Query.query(Criteria.where("_id").is(t.customerId())), new Update().addToSet("touches", t));
        }
        executeIgnoringDuplicates(bulk);
    }

    /** A customer's touches by time, equal times by arrival. */
    public List<TouchDoc> touches(String customerId) {
        return sorted(mongo.findById(customerId, CustomerTouchesDoc.class));
    }

    private static List<TouchDoc> sorted(CustomerTouchesDoc doc) {
        if (doc == null || doc.touches() == null) {
            return List.of();
        }
        List<TouchDoc> out = new ArrayList<>(doc.touches());
        out.sort(Comparator.comparing(TouchDoc::at).thenComparing(TouchDoc::arrivedAt));
        return out;
    }

    /** A payment and the envelope it came in. */
    public record Paid(OrderPaid paid, EventEnvelope envelope) {
    }

    /**
     * Takes each payment's decision once, then writes its accruals — for many payments at once, in a fixed number of
     * round trips whatever their count: the decisions already taken (a redelivery) and the customers' touches are
     * read by id in one query each, the links, network and plans come from memory, and the new decisions and their
     * entries are inserted in bulk (a duplicate id is an earlier or concurrent delivery: the stored decision stands,
     * its entries are the same).
     *
     * @throws NotYetKnown when a payment's decision waits for a fact; the payments before it are written
     */
    public void onOrdersPaid(List<Paid> payments) {
        Map<String, DecisionDoc> decided = new java.util.HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(payments.stream().map(p -> p.paid().orderId()).toList())),
                DecisionDoc.class).forEach(d -> decided.put(d.orderId(), d));
        Map<String, List<TouchDoc>> touches = new java.util.HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(payments.stream().map(p -> p.paid().customerId())
                .distinct().toList())), CustomerTouchesDoc.class).forEach(t -> touches.put(t.customerId(), sorted(t)));
        List<DecisionDoc> fresh = new ArrayList<>();
        List<Paid> done = new ArrayList<>();
        NotYetKnown waiting = null;
        boolean referenceRead = false;
        for (int i = 0; i < payments.size(); i++) {
            Paid p = payments.get(i);
            if (!decided.containsKey(p.paid().orderId())) {
                if (!referenceRead) {
                    waiting = awaitReference(i, p.paid().orderId(), payments.stream()
                            .mapToLong(x -> x.envelope().occurredAt().toEpochMilli()).max().orElseThrow());
                    if (waiting != null) {
                        break;
                    }
                    referenceRead = true;
                }
                DecisionDoc d = decide(p.paid(), p.envelope(), touches.getOrDefault(p.paid().customerId(), List.of()));
                decided.put(d.orderId(), d);
                fresh.add(d);
            }
            done.add(p);
        }
        for (String raced : insertAll(fresh, DecisionDoc.class, DecisionDoc::orderId, DecisionDoc::outbox)) {
            decided.put(raced, mongo.findById(raced, DecisionDoc.class));
        }
        List<LedgerDoc> entries = new ArrayList<>();
        for (Paid p : done) {
            DecisionDoc decision = decided.get(p.paid().orderId());
            Optional<CommissionPlan> plan = reference.plan(decision.planVersion());
            if (plan.isPresent()) {
                List<PaidLine> lines = decision.lines().stream()
                        .map(l -> new PaidLine(l.lineNo(), l.category(), l.amount())).toList();
                entries.addAll(ledgerDocs(CommissionRules.accruals(decision.orderId(), toDecision(decision),
                        plan.get(), lines, decision.paidAt(), settings.timeZone()), decision,
                        p.envelope().correlationId(), p.envelope().eventId()));
            }
        }
        insertAll(entries, LedgerDoc.class, LedgerDoc::id, LedgerDoc::outbox);
        if (waiting != null) {
            throw waiting;
        }
    }

    /** A payment of a batch waits for a fact; those before it are written. */
    public static final class NotYetKnown extends NotYetKnownException {
        private final int index;

        NotYetKnown(int index, NotYetKnownException cause) {
            super(cause.getMessage());
            this.index = index;
        }

        /** Its place in the batch. */
        public int index() {
            return index;
        }
    }

    /**
     * Inserts the documents in one unordered bulk write and tells the relay about those inserted; answers the ids
     * that were there already.
     */
    private <T> List<String> insertAll(List<T> docs, Class<T> type, java.util.function.Function<T, String> id,
                                       java.util.function.Function<T, List<OutboxRecord>> events) {
        if (docs.isEmpty()) {
            return List.of();
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, type);
        bulk.insert(docs);
        java.util.Set<Integer> duplicates = executeIgnoringDuplicates(bulk);
        List<String> raced = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            if (duplicates.contains(i)) {
                raced.add(id.apply(docs.get(i)));
            } else {
                relay.wake(type, id.apply(docs.get(i)), events.apply(docs.get(i)));
            }
        }
        return raced;
    }

    /** Runs the bulk write; answers the positions refused as duplicate ids (any other failure is thrown). */
    private static java.util.Set<Integer> executeIgnoringDuplicates(BulkOperations bulk) {
        try {
            bulk.execute();
            return java.util.Set.of();
        } catch (BulkOperationException e) {
            java.util.Set<Integer> duplicates = new java.util.HashSet<>();
            for (var error : e.getErrors()) {
                if (error.getCode() != 11000) {
                    throw e;
                }
                duplicates.add(error.getIndex());
            }
            return duplicates;
        }
    }

    private DecisionDoc decide(OrderPaid paid, EventEnvelope envelope, List<TouchDoc> customerTouches) {
        Policy policy = policies.current();
        List<Touch> touches = customerTouches.stream().filter(t -> !t.at().isAfter(paid.placedAt()))
                .map(Attributions::toTouch).toList();
        Decision d = AttributionRules.decide(policy, paid.customerId(), paid.placedAt(), touches, reference::link,
                reference::shopperOf, reference::dealerOf);
        Optional<CommissionPlan> plan = CommissionPlan.inForceAt(reference.plans(), paid.placedAt());
        int planVersion = d.creditedType() == Decision.Credited.HQ ? 0 : plan.map(CommissionPlan::version).orElse(0);
        Instant now = clock.instant();
        OrderAttributed event = new OrderAttributed(paid.orderId(), paid.customerId(), 1, policy.version(),
                policy.model().name(), d.creditedType().name(), d.storeId(), d.dealerId(), d.staffId(),
                d.winning() == null ? null : d.winning().code(), d.winning() == null ? null : d.winning().kind().name(),
                d.winning() == null ? null : d.winning().at(), d.candidates().size(), d.reason(), now, paid.lines());
        OutboxRecord out = OutboxRecord.withId("attributed:" + paid.orderId() + ":1", Events.ORDER_ATTRIBUTED,
                paid.customerId(), paid.orderId(), SOURCE, now, event, envelope.correlationId(), envelope.eventId());
        return new DecisionDoc(paid.orderId(), paid.customerId(), 1, policy.version(), policy.model().name(),
                d.creditedType().name(), d.storeId(), d.dealerId(), d.staffId(), d.ownerType(),
                d.winning() == null ? null : toDoc(d.winning()),
                d.candidates().stream().map(c -> new CandidateDoc(toDoc(c.touch()), c.qualified(), c.note())).toList(),
                d.reason(), now, planVersion, paid.currency(), paid.placedAt(), paid.paidAt(), paid.amount(),
                CommissionRules.period(paid.paidAt(), settings.timeZone()),
                paid.lines().stream().map(l -> new LineDoc(l.lineNo(), l.category(), l.amount())).toList(),
                List.of(), null, null, null, List.of(), List.of(out));
    }

    /**
     * Waits, for at most {@link #REFERENCE_WAIT}, until this instance's memory holds every fact of store-distribution's
     * published before the batch's payments occurred ({@code occurredBy}, the latest of them) — so that a link issued,
     * a store moved to a dealer or a plan published before a payment is what its decision reads, whichever topic was
     * consumed first; after that a link, staff member or plan still unknown is genuinely unknown. Answers null, or the
     * payment that waits. Where the topics end is asked once for every batch whose payments occurred after the last
     * time it was asked (a consumer behind its topic, as under a broadcast's load, asks seldom); the clocks of
     * order-service and this service are taken to agree.
     */
    private NotYetKnown awaitReference(int index, String orderId, long occurredBy) {
        Map<org.apache.kafka.common.TopicPartition, Long> ends = referenceEndsAfter(occurredBy);
        var behind = reference.behind(ends);
        if (!behind.isEmpty()) {
            // a partition whose records retention deleted has nothing left below its start to wait for
            topicEnds.starts(behind).forEach(reference::readableFrom);
        }
        long deadline = System.nanoTime() + REFERENCE_WAIT.toNanos();
        while (!(behind = reference.behind(ends)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return new NotYetKnown(index, new NotYetKnownException("order " + orderId
                        + " waits for store-distribution's facts on " + behind));
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new NotYetKnown(index, new NotYetKnownException("interrupted while order " + orderId
                        + " waited for store-distribution's facts"));
            }
        }
        return null;
    }

    /** Where the reference topics ended when last asked, and when that was (epoch milliseconds, before asking). */
    private record ReferenceEnds(long askedAt, Map<org.apache.kafka.common.TopicPartition, Long> ends) {
    }

    private volatile ReferenceEnds referenceEnds = new ReferenceEnds(Long.MIN_VALUE, Map.of());
    private final Object askingEnds = new Object();

    /** The reference topics' ends as asked at or after {@code since}: the last answer, or a new one (one at a time). */
    private Map<org.apache.kafka.common.TopicPartition, Long> referenceEndsAfter(long since) {
        ReferenceEnds last = referenceEnds;
        if (last.askedAt() >= since) {
            return last.ends();
        }
        synchronized (askingEnds) {
            last = referenceEnds;
            if (last.askedAt() >= since) {
                return last.ends();                  // asked by another consumer while this one waited
            }
            long askedAt = clock.millis();
            ReferenceEnds now = new ReferenceEnds(askedAt, topicEnds.ends(REFERENCE_TOPICS));
            referenceEnds = now;
            return now.ends();
        }
    }

    /**
     * Records the refund on the decision (once per refund id), then writes the reversal entries from the decision
     * as it reads after that — so a fulfilment store assigned meanwhile has its fee reversed too (see
     * {@link #onFulfilmentsAssigned}).
     */
    public void onOrderRefunded(OrderRefunded r, EventEnvelope envelope) {
        DecisionDoc before = mongo.findById(r.orderId(), DecisionDoc.class);
        if (before == null) {
            // the payment precedes the refund on the same partition; its absence means it failed: retry, then DLT
            throw new IllegalStateException("refund " + r.refundId() + " for order " + r.orderId()
                    + " before its payment was attributed");
        }
        // checked before anything is recorded: a refund that does not fit its line is refused whole (to the DLT)
        LineDoc line = before.lines().stream().filter(l -> l.lineNo() == r.lineNo()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("order " + r.orderId() + " has no line " + r.lineNo()));
        if (r.amount() <= 0 || r.amount() > r.lineRefundedTotal() || r.lineRefundedTotal() > line.amount()) {
            throw new IllegalArgumentException("refund " + r.refundId() + " of " + r.amount() + " (line total "
                    + r.lineRefundedTotal() + ") does not fit line " + r.lineNo() + " paid " + line.amount());
        }
        RefundDoc refund = new RefundDoc(r.refundId(), r.refundSeq(), r.lineNo(), r.amount(), r.refundedAt(),
                CommissionRules.period(r.refundedAt(), settings.timeZone()));
        mongo.updateFirst(Query.query(Criteria.where("_id").is(r.orderId()).and("refunds.refundId").ne(r.refundId())),
                new Update().push("refunds", refund), DecisionDoc.class);
        DecisionDoc decision = mongo.findById(r.orderId(), DecisionDoc.class);
        Optional<CommissionPlan> plan = planOf(decision);
        if (plan.isEmpty()) {
            return;
        }
        writeLedger(CommissionRules.reversals(r.orderId(), toDecision(decision), plan.get(),
                new PaidLine(line.lineNo(), line.category(), line.amount()), r.refundSeq(), r.amount(),
                r.lineRefundedTotal(), r.refundedAt(), settings.timeZone(), decision.fulfilmentStoreId()),
                decision, envelope, false);
    }

    /** An assignment and the envelope it came in. */
    public record Assigned(FulfilmentAssigned assignment, EventEnvelope envelope) {
    }

    /**
     * Records who ships each order (the first assignment stands) and, when that is a store, its fulfilment fee: the
     * accruals, in the payment's period, and the reversals of every refund recorded by then — for many assignments
     * at once, in a fixed number of round trips whatever their count. A refund recorded at the same moment is
     * reversed by whichever of the two reads the other's write (both write the same ids): the assignees are written
     * before the decisions are read again for their refunds.
     *
     * @throws NotYetKnown when an order's decision is not there yet; the assignments before it are written
     */
    public void onFulfilmentsAssigned(List<Assigned> assigned) {
        Map<String, DecisionDoc> decisions = decisions(assigned.stream().map(a -> a.assignment().orderId()));
        Map<String, FulfilmentAssigned> first = new java.util.LinkedHashMap<>();
        List<Assigned> done = new ArrayList<>();
        NotYetKnown waiting = null;
        for (int i = 0; i < assigned.size(); i++) {
            FulfilmentAssigned f = assigned.get(i).assignment();
            DecisionDoc d = decisions.get(f.orderId());
            if (d == null) {
                // store-distribution assigns after reading our decision: it is on its way, or its write failed
                waiting = new NotYetKnown(i, new NotYetKnownException("fulfilment of order " + f.orderId()
                        + " before its decision"));
                break;
            }
            if (d.fulfilmentAssignee() == null) {
                first.putIfAbsent(f.orderId(), f);
            }
            done.add(assigned.get(i));
        }
        if (!first.isEmpty()) {
            // by id alone (what every store answers from its index): an order's assignments arrive one after the
            // other on its partition, so none came between the read above and this write
            BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, DecisionDoc.class);
            first.forEach((order, f) -> bulk.updateOne(Query.query(Criteria.where("_id").is(order)), new Update()
                    .set("fulfilmentAssignee", f.assignee())
                    .set("fulfilmentStoreId", "STORE".equals(f.assignee()) ? f.storeId() : null)));
            bulk.execute();
        }
        List<DecisionDoc> fees = done.stream().map(a -> decisions.get(a.assignment().orderId()))
                .filter(d -> d.fulfilmentStoreId() != null || first.containsKey(d.orderId())
                        && "STORE".equals(first.get(d.orderId()).assignee())).toList();
        Map<String, DecisionDoc> now = fees.isEmpty() ? Map.of() : decisions(fees.stream().map(DecisionDoc::orderId));
        List<LedgerDoc> entries = new ArrayList<>();
        java.util.Set<String> ordersWithFees = new java.util.HashSet<>();
        for (Assigned a : done) {
            DecisionDoc decision = now.get(a.assignment().orderId());
            if (decision == null || decision.fulfilmentStoreId() == null || !ordersWithFees.add(decision.orderId())) {
                continue;                   // the HQ warehouse ships (no fee), or the order's fee is already here
            }
            entries.addAll(ledgerDocs(fulfilmentFee(decision), decision, a.envelope().correlationId(),
                    a.envelope().eventId()));
        }
        java.util.Set<String> existing = new java.util.HashSet<>(insertAll(entries, LedgerDoc.class, LedgerDoc::id,
                LedgerDoc::outbox));
        List<LedgerDoc> pending = entries.stream().filter(d -> d.status().equals(PENDING) && !existing.contains(d.id()))
                .toList();
        if (!pending.isEmpty()) {
            // not ordered with the order's own events: its completion may have been recorded meanwhile
            Map<String, DecisionDoc> latest = decisions(pending.stream().map(LedgerDoc::orderId));
            List<String> completed = pending.stream().filter(e -> latest.containsKey(e.orderId())
                    && latest.get(e.orderId()).completedAt() != null).map(LedgerDoc::id).toList();
            if (!completed.isEmpty()) {
                mongo.updateMulti(Query.query(Criteria.where("_id").in(completed).and("status").is(PENDING)),
                        new Update().set("status", SETTLEABLE), LedgerDoc.class);
            }
        }
        if (waiting != null) {
            throw waiting;
        }
    }

    /** The decisions of the orders, read by id in one query. */
    private Map<String, DecisionDoc> decisions(java.util.stream.Stream<String> orderIds) {
        Map<String, DecisionDoc> out = new java.util.HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(orderIds.distinct().toList())), DecisionDoc.class)
                .forEach(d -> out.put(d.orderId(), d));
        return out;
    }

    /** The fulfilment store's fee: its accruals and the reversals of the refunds the decision holds. */
    private List<LedgerEntry> fulfilmentFee(DecisionDoc decision) {
        Optional<CommissionPlan> plan = planOf(decision);
        if (plan.isEmpty()) {
            return List.of();
        }
        String store = decision.fulfilmentStoreId();
        Decision d = toDecision(decision);
        List<PaidLine> lines = decision.lines().stream().map(l -> new PaidLine(l.lineNo(), l.category(), l.amount()))
                .toList();
        List<LedgerEntry> entries = new ArrayList<>(CommissionRules.fulfilmentAccruals(decision.orderId(), d,
                plan.get(), lines, store, decision.paidAt(), settings.timeZone()));
        Map<Integer, Long> refunded = new java.util.HashMap<>();
        for (RefundDoc r : decision.refunds().stream().sorted(Comparator.comparingInt(RefundDoc::refundSeq)).toList()) {
            long total = refunded.merge(r.lineNo(), r.amount(), Long::sum);
            LineDoc line = decision.lines().stream().filter(l -> l.lineNo() == r.lineNo()).findFirst().orElseThrow();
            CommissionRules.reversals(decision.orderId(), d, plan.get(), new PaidLine(line.lineNo(), line.category(),
                    line.amount()), r.refundSeq(), r.amount(), total, r.refundedAt(), settings.timeZone(), store)
                    .stream().filter(e -> e.role() == LedgerEntry.Role.FULFILMENT).forEach(entries::add);
        }
        return entries;
    }

    /**
     * Marks the order completed on its decision, then its pending entries settleable. An entry written later for a
     * completed order is written settleable (see {@link #writeLedger}).
     */
    public void onOrderCompleted(OrderCompleted c) {
        DecisionDoc decision = mongo.findById(c.orderId(), DecisionDoc.class);
        if (decision == null) {
            // completion follows the payment on the same partition; its absence means the payment failed
            throw new IllegalStateException("order " + c.orderId() + " completed before its payment was attributed");
        }
        if (decision.completedAt() == null) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(c.orderId())),
                    new Update().set("completedAt", c.completedAt()), DecisionDoc.class);
        }
        List<String> pending = ledgerOf(decision).stream().filter(e -> PENDING.equals(e.status()))
                .map(LedgerDoc::id).toList();
        if (!pending.isEmpty()) {
            mongo.updateMulti(Query.query(Criteria.where("_id").in(pending)), new Update().set("status", SETTLEABLE),
                    LedgerDoc.class);
        }
    }

    /**
     * Appends the entries (a duplicate id is an earlier delivery: skipped). An entry of a completed order is
     * settleable at once; one written while the completion is recorded elsewhere is moved by whichever comes second.
     */
    private void writeLedger(List<LedgerEntry> entries, DecisionDoc decision, EventEnvelope cause,
                             boolean fromAnotherTopic) {
        writeLedger(entries, decision, cause.correlationId(), cause.eventId(), fromAnotherTopic);
    }

    private void writeLedger(List<LedgerEntry> entries, DecisionDoc decision, String correlationId, String causationId,
                             boolean fromAnotherTopic) {
        List<LedgerDoc> docs = ledgerDocs(entries, decision, correlationId, causationId);
        java.util.Set<String> existing = new java.util.HashSet<>(insertAll(docs, LedgerDoc.class, LedgerDoc::id,
                LedgerDoc::outbox));
        List<String> pending = docs.stream().filter(d -> d.status().equals(PENDING) && !existing.contains(d.id()))
                .map(LedgerDoc::id).toList();
        if (!pending.isEmpty() && fromAnotherTopic) {
            // not ordered with the order's own events: its completion may have been recorded meanwhile
            DecisionDoc now = mongo.findById(decision.orderId(), DecisionDoc.class);
            if (now != null && now.completedAt() != null) {
                mongo.updateMulti(Query.query(Criteria.where("_id").in(pending).and("status").is(PENDING)),
                        new Update().set("status", SETTLEABLE), LedgerDoc.class);
            }
        }
    }

    /** The entries as ledger documents, each with its event: settleable at once when the order is complete. */
    private static List<LedgerDoc> ledgerDocs(List<LedgerEntry> entries, DecisionDoc decision, String correlationId,
                                              String causationId) {
        String status = decision.completedAt() != null ? SETTLEABLE : PENDING;
        List<LedgerDoc> docs = new ArrayList<>();
        for (LedgerEntry e : entries) {
            CommissionEntryRecorded event = new CommissionEntryRecorded(e.id(), e.orderId(), e.lineNo(), e.role().name(),
                    e.beneficiaryType().name(), e.beneficiaryId(), e.storeId(), e.dealerId(), e.kind().name(),
                    e.amount(), e.currency(), e.eventTime(), e.period(), e.planVersion());
            OutboxRecord out = OutboxRecord.withId("ledger:" + e.id(), Events.COMMISSION_ENTRY_RECORDED, e.orderId(),
                    e.orderId(), SOURCE, e.eventTime(), event, correlationId, causationId);
            docs.add(new LedgerDoc(e.id(), e.orderId(), e.lineNo(), e.role().name(), e.beneficiaryType().name(),
                    e.beneficiaryId(), e.storeId(), e.dealerId(), e.kind().name(), e.amount(), e.currency(),
                    e.eventTime(), e.period(), e.planVersion(), status, null, List.of(out)));
        }
        return docs;
    }

    /** HQ's new credit for an order: the type, and the store (with a staff member) or the dealer it names. */
    public record Credit(Decision.Credited type, String storeId, String staffId, String dealerId) {
    }

    /**
     * HQ overrides an order's decision: a new decision version recording who, why and the decision it replaces,
     * with {@code ADJUSTMENT} entries that move the commission (see {@link CommissionRules#adjustment}). The same
     * {@code adjustmentId} again answers the recorded adjustment (and finishes writing its entries if a crash
     * interrupted them); {@code basedOnVersion} must be the version in force.
     */
    public DecisionDoc adjust(String orderId, String adjustmentId, int basedOnVersion, Credit credit,
                              String adjustedBy, String reason) {
        DecisionDoc current = decision(orderId);
        Decision next = resolve(credit);
        DecisionDoc recorded = recorded(current, adjustmentId, next);
        if (recorded != null) {
            return recorded;
        }
        if (basedOnVersion != current.decisionVersion()) {
            throw new ConflictException("basedOnVersion", "the decision of order " + orderId + " is at version "
                    + current.decisionVersion() + ", not " + basedOnVersion);
        }
        if (Decision.Credited.valueOf(current.creditedType()) == next.creditedType()
                && java.util.Objects.equals(current.storeId(), next.storeId())
                && java.util.Objects.equals(current.staffId(), next.staffId())
                && java.util.Objects.equals(current.dealerId(), next.dealerId())) {
            throw new ConflictException("creditedType", "order " + orderId + " is credited so already");
        }
        Optional<CommissionPlan> plan = planOf(current);
        int version = current.decisionVersion() + 1;
        Instant now = clock.instant();
        List<LedgerDoc> entries = List.of();
        if (plan.isPresent()) {
            Map<Integer, Long> refunded = new java.util.HashMap<>();
            current.refunds().forEach(r -> refunded.merge(r.lineNo(), r.amount(), Long::sum));
            List<PaidLine> lines = current.lines().stream()
                    .map(l -> new PaidLine(l.lineNo(), l.category(), l.amount())).toList();
            entries = CommissionRules.adjustment(orderId, next, plan.get(), lines, refunded,
                    ledgerOfOrder(orderId).stream().map(Attributions::toEntry).toList(), version, now,
                    settings.timeZone()).stream().map(e -> toDoc(e, null)).toList();
        }
        AdjustmentDoc adjustment = new AdjustmentDoc(adjustmentId, version, adjustedBy, reason, now,
                new PreviousDecisionDoc(current.decisionVersion(), current.creditedType(), current.storeId(),
                        current.dealerId(), current.staffId(), current.reason()), next.creditedType().name(),
                next.storeId(), next.dealerId(), next.staffId(), entries);
        String why = "adjusted by " + adjustedBy + ": " + reason;
        OrderAttributed event = new OrderAttributed(orderId, current.customerId(), version, current.policyVersion(),
                current.model(), next.creditedType().name(), next.storeId(), next.dealerId(), next.staffId(),
                null, null, null, current.candidates().size(), why, now, List.of());
        OutboxRecord out = OutboxRecord.withId("attributed:" + orderId + ":" + version, Events.ORDER_ATTRIBUTED,
                current.customerId(), orderId, SOURCE, now, event, null, adjustmentId);
        var changed = mongo.updateFirst(Query.query(Criteria.where("_id").is(orderId)
                        .and("decisionVersion").is(current.decisionVersion())),
                new Update().set("decisionVersion", version).set("creditedType", next.creditedType().name())
                        .set("storeId", next.storeId()).set("dealerId", next.dealerId()).set("staffId", next.staffId())
                        .set("ownerType", null).set("reason", why).set("planVersion",
                                plan.map(CommissionPlan::version).orElse(current.planVersion()))
                        .push("adjustments", adjustment).push("outbox", out), DecisionDoc.class);
        if (changed.getModifiedCount() == 0) {
            // the same adjustment sent twice at once is recorded once: the one that lost answers the winner's record
            DecisionDoc raced = recorded(decision(orderId), adjustmentId, next);
            if (raced != null) {
                return raced;
            }
            throw new ConflictException("basedOnVersion", "the decision of order " + orderId
                    + " changed meanwhile: read it again");
        }
        relay.wake(DecisionDoc.class, orderId);
        DecisionDoc after = decision(orderId);
        writeAdjustment(after, adjustment);
        return after;
    }

    /**
     * The decision as adjustment {@code adjustmentId} left it when that adjustment is recorded (finishing its entries
     * if a crash interrupted them), null when it is not. The same id with another credit is a conflict, not a retry.
     */
    private DecisionDoc recorded(DecisionDoc current, String adjustmentId, Decision next) {
        AdjustmentDoc done = adjustments(current).stream().filter(a -> a.adjustmentId().equals(adjustmentId))
                .findFirst().orElse(null);
        if (done == null) {
            return null;
        }
        if (done.creditedType() != null && !(done.creditedType().equals(next.creditedType().name())
                && java.util.Objects.equals(done.storeId(), next.storeId())
                && java.util.Objects.equals(done.staffId(), next.staffId())
                && java.util.Objects.equals(done.dealerId(), next.dealerId()))) {
            throw new ConflictException("adjustmentId", "adjustment " + adjustmentId + " of order "
                    + current.orderId() + " was recorded with another credit (" + done.creditedType() + " "
                    + (done.storeId() != null ? done.storeId() : done.dealerId()) + "): use a new adjustmentId");
        }
        writeAdjustment(current, done);
        return current;
    }

    /**
     * The plan an order's commission is computed by: the one its decision recorded, or — for an order credited to HQ
     * (version 0), which can still earn a store its fulfilment fee — the plan in force when it was placed.
     */
    private Optional<CommissionPlan> planOf(DecisionDoc d) {
        return d.planVersion() > 0 ? reference.plan(d.planVersion())
                : CommissionPlan.inForceAt(reference.plans(), d.placedAt());
    }

    private Decision resolve(Credit c) {
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

    /**
     * Writes an adjustment's entries (each once) through the ledger's one writer: settleable at once when the order
     * is complete, also when it completes while they are written.
     */
    private void writeAdjustment(DecisionDoc decision, AdjustmentDoc a) {
        writeLedger(a.entries().stream().map(Attributions::toEntry).toList(), decision, null, a.adjustmentId(), true);
    }

    private static List<AdjustmentDoc> adjustments(DecisionDoc d) {
        return d.adjustments() == null ? List.of() : d.adjustments();
    }

    private static LedgerEntry toEntry(LedgerDoc e) {
        return new LedgerEntry(e.id(), e.orderId(), e.lineNo(), LedgerEntry.Role.valueOf(e.role()),
                LedgerEntry.BeneficiaryType.valueOf(e.beneficiaryType()), e.beneficiaryId(), e.storeId(), e.dealerId(),
                LedgerEntry.Kind.valueOf(e.kind()), e.amount(), e.currency(), e.eventTime(), e.period(),
                e.planVersion());
    }

    private static LedgerDoc toDoc(LedgerEntry e, String status) {
        return new LedgerDoc(e.id(), e.orderId(), e.lineNo(), e.role().name(), e.beneficiaryType().name(),
                e.beneficiaryId(), e.storeId(), e.dealerId(), e.kind().name(), e.amount(), e.currency(), e.eventTime(),
                e.period(), e.planVersion(), status, null, List.of());
    }

    public DecisionDoc decision(String orderId) {
        DecisionDoc d = mongo.findById(orderId, DecisionDoc.class);
        if (d == null) {
            throw new NotFoundException("attribution for order", orderId);
        }
        return d;
    }

    public List<LedgerDoc> ledgerOfOrder(String orderId) {
        DecisionDoc d = mongo.findById(orderId, DecisionDoc.class);
        return d == null ? List.of() : ledgerOf(d);
    }

    /**
     * An order's entries, found by id: every id its decision can have written — per line and role the accrual
     * (sequence 0) and a reversal per refund recorded on it, and each adjustment's entries — read in one query on
     * the id index (the local store scans for anything else).
     */
    private List<LedgerDoc> ledgerOf(DecisionDoc d) {
        List<String> ids = new ArrayList<>();
        List<Integer> sequences = new ArrayList<>(List.of(0));
        d.refunds().forEach(r -> sequences.add(r.refundSeq()));
        for (LineDoc line : d.lines()) {
            for (LedgerEntry.Role role : LedgerEntry.Role.values()) {
                sequences.forEach(seq -> ids.add(LedgerEntry.id(d.orderId(), line.lineNo(), role, seq)));
            }
        }
        adjustments(d).forEach(a -> a.entries().forEach(e -> ids.add(e.id())));
        return mongo.find(Query.query(Criteria.where("_id").in(ids)).with(Sort.by("_id")), LedgerDoc.class);
    }

    private static Decision toDecision(DecisionDoc d) {
        return new Decision(Decision.Credited.valueOf(d.creditedType()), d.storeId(), d.dealerId(), d.staffId(),
                d.ownerType(), null, List.of(), d.reason());
    }

    private static Touch toTouch(TouchDoc t) {
        return new Touch(t.id(), t.customerId(), t.code(), TouchKind.valueOf(t.kind()), t.at(), t.arrivedAt());
    }

    private static TouchDoc toDoc(Touch t) {
        return new TouchDoc(t.id(), t.customerId(), t.code(), t.kind().name(), t.at(), t.arrivedAt());
    }
}
