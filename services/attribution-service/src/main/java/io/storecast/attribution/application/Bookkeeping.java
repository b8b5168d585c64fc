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
import io.storecast.attribution.persistence.AttributionDocuments.DecisionDoc;
import io.storecast.attribution.persistence.AttributionDocuments.LedgerDoc;
import io.storecast.attribution.persistence.AttributionDocuments.LineDoc;
import io.storecast.attribution.persistence.AttributionDocuments.PreviousDecisionDoc;
import io.storecast.attribution.persistence.AttributionDocuments.RefundDoc;
import io.storecast.attribution.persistence.AttributionDocuments.TouchDoc;
import io.storecast.contracts.EventEnvelope;
import io.storecast.contracts.Events;
import io.storecast.contracts.attribution.CommissionEntryRecorded;
import io.storecast.contracts.attribution.OrderAttributed;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.problems.ConflictException;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The attribution and commission rules applied to an order's documents, with nothing written: what a payment decides
 * and accrues, what a refund reverses, what a fulfilment store earns, what an HQ adjustment moves. The decision stream
 * applies it to the documents it keeps as state. Every event it makes has an id derived from what it announces, so
 * making it again makes the same event.
 */
@Component
public class Bookkeeping {

    static final String SOURCE = "attribution-service";
    static final String PENDING = "PENDING";
    static final String SETTLEABLE = "SETTLEABLE";

    private final ReferenceViews reference;
    private final AttributionSettings settings;
    private final Policies policies;
    private final Clock clock;

    public Bookkeeping(ReferenceViews reference, AttributionSettings settings, Policies policies, Clock clock) {
        this.reference = reference;
        this.settings = settings;
        this.policies = policies;
        this.clock = clock;
    }

    /**
     * The payment's decision (version 1, under the policy in force now) from the customer's touches recorded by then,
     * with its {@code OrderAttributed} event in its outbox.
     */
    public DecisionDoc decide(OrderPaid paid, EventEnvelope envelope, List<TouchDoc> customerTouches) {
        Policy policy = policies.current();
        List<Touch> touches = customerTouches.stream().filter(t -> !t.at().isAfter(paid.placedAt()))
                .map(Bookkeeping::toTouch).toList();
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

    /** The decision's accruals (none when no plan applies), each with its event. */
    public List<LedgerDoc> accruals(DecisionDoc decision, String correlationId, String causationId) {
        Optional<CommissionPlan> plan = reference.plan(decision.planVersion());
        if (plan.isEmpty()) {
            return List.of();
        }
        return ledgerDocs(CommissionRules.accruals(decision.orderId(), toDecision(decision), plan.get(),
                paidLines(decision), decision.paidAt(), settings.timeZone()), decision, correlationId, causationId);
    }

    /**
     * The refund as recorded on its order's decision, checked first: a refund that does not fit its line is refused
     * whole ({@link IllegalArgumentException}).
     */
    public RefundDoc refund(DecisionDoc decision, OrderRefunded r) {
        LineDoc line = line(decision, r.lineNo());
        if (r.amount() <= 0 || r.amount() > r.lineRefundedTotal() || r.lineRefundedTotal() > line.amount()) {
            throw new IllegalArgumentException("refund " + r.refundId() + " of " + r.amount() + " (line total "
                    + r.lineRefundedTotal() + ") does not fit line " + r.lineNo() + " paid " + line.amount());
        }
        return new RefundDoc(r.refundId(), r.refundSeq(), r.lineNo(), r.amount(), r.refundedAt(),
                CommissionRules.period(r.refundedAt(), settings.timeZone()));
    }

    /**
     * The refund's reversals, from the decision as it reads with the refund recorded — so a fulfilment store assigned
     * by then has its fee reversed too — each with its event.
     */
    public List<LedgerDoc> reversals(DecisionDoc decision, OrderRefunded r, EventEnvelope cause) {
        Optional<CommissionPlan> plan = planOf(decision);
        if (plan.isEmpty()) {
            return List.of();
        }
        LineDoc line = line(decision, r.lineNo());
        return ledgerDocs(CommissionRules.reversals(r.orderId(), toDecision(decision), plan.get(),
                new PaidLine(line.lineNo(), line.category(), line.amount()), r.refundSeq(), r.amount(),
                r.lineRefundedTotal(), r.refundedAt(), settings.timeZone(), decision.fulfilmentStoreId()),
                decision, cause.correlationId(), cause.eventId());
    }

    /** An adjustment as the books take it: the decision after it and its entries, each with its event. */
    public record Adjusted(DecisionDoc decision, List<LedgerDoc> entries) {
    }

    /**
     * HQ's override of a decision, made at {@code at}: version {@code basedOnVersion + 1}, recording who, why and the
     * decision it replaces, with {@code ADJUSTMENT} entries that move the commission (see
     * {@link CommissionRules#adjustment}) from {@code existing}, the order's entries so far. The same
     * {@code adjustmentId} again answers the decision unchanged and no entries; with another credit it is refused, as
     * is a version other than the one in force or the credit the order has already.
     *
     * @throws ConflictException naming the field at fault
     */
    public Adjusted adjust(DecisionDoc current, List<LedgerDoc> existing, String adjustmentId, int basedOnVersion,
                           Decision next, String adjustedBy, String reason, Instant at) {
        AdjustmentDoc done = adjustments(current).stream().filter(a -> a.adjustmentId().equals(adjustmentId))
                .findFirst().orElse(null);
        if (done != null) {
            if (!(next.creditedType().name().equals(done.creditedType()) && Objects.equals(done.storeId(), next.storeId())
                    && Objects.equals(done.staffId(), next.staffId())
                    && Objects.equals(done.dealerId(), next.dealerId()))) {
                throw new ConflictException("adjustmentId", "adjustment " + adjustmentId + " of order "
                        + current.orderId() + " was recorded with another credit (" + done.creditedType() + " "
                        + (done.storeId() != null ? done.storeId() : done.dealerId()) + "): use a new adjustmentId");
            }
            return new Adjusted(current, List.of());
        }
        if (basedOnVersion != current.decisionVersion()) {
            throw new ConflictException("basedOnVersion", "the decision of order " + current.orderId()
                    + " is at version " + current.decisionVersion() + ", not " + basedOnVersion);
        }
        if (Decision.Credited.valueOf(current.creditedType()) == next.creditedType()
                && Objects.equals(current.storeId(), next.storeId()) && Objects.equals(current.staffId(), next.staffId())
                && Objects.equals(current.dealerId(), next.dealerId())) {
            throw new ConflictException("creditedType", "order " + current.orderId() + " is credited so already");
        }
        Optional<CommissionPlan> plan = planOf(current);
        int version = current.decisionVersion() + 1;
        List<LedgerEntry> moves = List.of();
        if (plan.isPresent()) {
            Map<Integer, Long> refunded = new HashMap<>();
            current.refunds().forEach(r -> refunded.merge(r.lineNo(), r.amount(), Long::sum));
            moves = CommissionRules.adjustment(current.orderId(), next, plan.get(), paidLines(current), refunded,
                    existing.stream().map(Bookkeeping::toEntry).toList(), version, at, settings.timeZone());
        }
        AdjustmentDoc adjustment = new AdjustmentDoc(adjustmentId, version, adjustedBy, reason, at,
                new PreviousDecisionDoc(current.decisionVersion(), current.creditedType(), current.storeId(),
                        current.dealerId(), current.staffId(), current.reason()), next.creditedType().name(),
                next.storeId(), next.dealerId(), next.staffId(), ledgerDocs(moves, current, null, adjustmentId)
                .stream().map(e -> e.withOutbox(List.of()).withStatus(null)).toList());
        String why = "adjusted by " + adjustedBy + ": " + reason;
        OrderAttributed event = new OrderAttributed(current.orderId(), current.customerId(), version,
                current.policyVersion(), current.model(), next.creditedType().name(), next.storeId(), next.dealerId(),
                next.staffId(), null, null, null, current.candidates().size(), why, at, List.of());
        OutboxRecord out = OutboxRecord.withId("attributed:" + current.orderId() + ":" + version,
                Events.ORDER_ATTRIBUTED, current.customerId(), current.orderId(), SOURCE, at, event, null, adjustmentId);
        DecisionDoc after = current.withAdjustment(adjustment, why,
                plan.map(CommissionPlan::version).orElse(current.planVersion()), List.of(out));
        return new Adjusted(after, ledgerDocs(moves, after, null, adjustmentId));
    }

    /** The fulfilment store's fee: its accruals and the reversals of the refunds the decision holds. */
    public List<LedgerEntry> fulfilmentFee(DecisionDoc decision) {
        Optional<CommissionPlan> plan = planOf(decision);
        if (plan.isEmpty()) {
            return List.of();
        }
        String store = decision.fulfilmentStoreId();
        Decision d = toDecision(decision);
        List<LedgerEntry> entries = new ArrayList<>(CommissionRules.fulfilmentAccruals(decision.orderId(), d,
                plan.get(), paidLines(decision), store, decision.paidAt(), settings.timeZone()));
        Map<Integer, Long> refunded = new HashMap<>();
        for (RefundDoc r : decision.refunds().stream().sorted(Comparator.comparingInt(RefundDoc::refundSeq)).toList()) {
            long total = refunded.merge(r.lineNo(), r.amount(), Long::sum);
            LineDoc line = line(decision, r.lineNo());
            CommissionRules.reversals(decision.orderId(), d, plan.get(), new PaidLine(line.lineNo(), line.category(),
                    line.amount()), r.refundSeq(), r.amount(), total, r.refundedAt(), settings.timeZone(), store)
                    .stream().filter(e -> e.role() == LedgerEntry.Role.FULFILMENT).forEach(entries::add);
        }
        return entries;
    }

    /**
     * The plan an order's commission is computed by: the one its decision recorded, or — for an order credited to HQ
     * (version 0), which can still earn a store its fulfilment fee — the plan in force when it was placed.
     */
    public Optional<CommissionPlan> planOf(DecisionDoc d) {
        return d.planVersion() > 0 ? reference.plan(d.planVersion())
                : CommissionPlan.inForceAt(reference.plans(), d.placedAt());
    }

    /** The entries as ledger documents, each with its event: settleable at once when the order is complete. */
    public static List<LedgerDoc> ledgerDocs(List<LedgerEntry> entries, DecisionDoc decision, String correlationId,
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

    /**
     * Every id an order's decision can have written entries under — per line and role the accrual (sequence 0) and a
     * reversal per refund recorded on it, and each adjustment's entries — so they are read or moved by id (the local
     * store scans for anything else).
     */
    public static List<String> entryIds(DecisionDoc d) {
        List<String> ids = new ArrayList<>();
        List<Integer> sequences = new ArrayList<>(List.of(0));
        d.refunds().forEach(r -> sequences.add(r.refundSeq()));
        for (LineDoc line : d.lines()) {
            for (LedgerEntry.Role role : LedgerEntry.Role.values()) {
                sequences.forEach(seq -> ids.add(LedgerEntry.id(d.orderId(), line.lineNo(), role, seq)));
            }
        }
        adjustments(d).forEach(a -> a.entries().forEach(e -> ids.add(e.id())));
        return ids;
    }

    /** Touches by time, equal times by arrival. */
    public static List<TouchDoc> sorted(Collection<TouchDoc> touches) {
        List<TouchDoc> out = new ArrayList<>(touches);
        out.sort(Comparator.comparing(TouchDoc::at).thenComparing(TouchDoc::arrivedAt));
        return out;
    }

    static List<AdjustmentDoc> adjustments(DecisionDoc d) {
        return d.adjustments() == null ? List.of() : d.adjustments();
    }

    static Decision toDecision(DecisionDoc d) {
        return new Decision(Decision.Credited.valueOf(d.creditedType()), d.storeId(), d.dealerId(), d.staffId(),
                d.ownerType(), null, List.of(), d.reason());
    }

    static List<PaidLine> paidLines(DecisionDoc d) {
        return d.lines().stream().map(l -> new PaidLine(l.lineNo(), l.category(), l.amount())).toList();
    }

    private static LineDoc line(DecisionDoc d, int lineNo) {
        return d.lines().stream().filter(l -> l.lineNo() == lineNo).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("order " + d.orderId() + " has no line " + lineNo));
    }

    private static LedgerEntry toEntry(LedgerDoc e) {
        return new LedgerEntry(e.id(), e.orderId(), e.lineNo(), LedgerEntry.Role.valueOf(e.role()),
                LedgerEntry.BeneficiaryType.valueOf(e.beneficiaryType()), e.beneficiaryId(), e.storeId(), e.dealerId(),
                LedgerEntry.Kind.valueOf(e.kind()), e.amount(), e.currency(), e.eventTime(), e.period(),
                e.planVersion());
    }

    private static Touch toTouch(TouchDoc t) {
        return new Touch(t.id(), t.customerId(), t.code(), TouchKind.valueOf(t.kind()), t.at(), t.arrivedAt());
    }

    private static TouchDoc toDoc(Touch t) {
        return new TouchDoc(t.id(), t.customerId(), t.code(), t.kind().name(), t.at(), t.arrivedAt());
    }
}
