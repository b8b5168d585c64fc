package io.storecast.attribution.persistence;

import io.storecast.platform.outbox.OutboxRecord;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/** Mongo documents of attribution-service. */
public final class AttributionDocuments {

    private AttributionDocuments() {
    }

    /** Reference views built from store-distribution's events; each is a whole-value upsert. */
    @Document("links")
    public record LinkDoc(@Id String code, String ownerType, String ownerId, String storeId, String dealerId) {
    }

    @Document("stores")
    public record StoreDoc(@Id String id, String code, String name, String dealerId) {
    }

    @Document("dealers")
    public record DealerDoc(@Id String id, String code, String name) {
    }

    @Document("staff")
    public record StaffDoc(@Id String id, String storeId, String name, String shopperCustomerId) {
    }

    /** Rates as a list, not a map: a category is data, never a Mongo field name. */
    @Document("plans")
    public record PlanDoc(@Id String id, int version, Instant effectiveFrom, String currency, List<RatesDoc> rates) {
    }

    public record RatesDoc(String category, int trafficBps, int staffBonusBps, int dealerOverrideBps, int fulfilmentBps) {
    }

    /**
     * One version of the brand's attribution policy; id = version, so two changes based on the same version
     * cannot both be written. Versions are never changed or removed.
     */
    @Document("policies")
    public record PolicyDoc(@Id int version, String model, int lookbackHours, int protectionDays, int validityDays,
                            String selfPurchase, String changedBy, String reason, Instant changedAt) {
    }

    /** A touch; its id comes from the event that carried it, so a redelivery writes nothing new. */
    public record TouchDoc(@Id String id, String customerId, String code, String kind, Instant at, Instant arrivedAt) {
    }

    /**
     * Every touch of one customer, in arrival order: what a decision reads, by id (one read per customer, also on a
     * store whose only index is the id).
     */
    @Document("customer_touches")
    public record CustomerTouchesDoc(@Id String customerId, List<TouchDoc> touches) {
    }

    public record CandidateDoc(TouchDoc touch, boolean qualified, String note) {
    }

    public record LineDoc(int lineNo, String category, long amount) {
    }

    public record RefundDoc(String refundId, int refundSeq, int lineNo, long amount, Instant refundedAt, String period) {
    }

    /**
     * The immutable decision for one paid order, with the order facts reports and commission need; id = order id.
     * The order's later facts are added once each: refunds, completion, and who ships it ({@code fulfilmentAssignee}
     * {@code STORE} with {@code fulfilmentStoreId}, or {@code HQ_WAREHOUSE}; the first assignment stands).
     */
    @Document("decisions")
    public record DecisionDoc(@Id String orderId, String customerId, int decisionVersion, int policyVersion,
                              String model, String creditedType, String storeId, String dealerId, String staffId,
                              String ownerType, TouchDoc winning, List<CandidateDoc> candidates, String reason,
                              Instant decidedAt, int planVersion, String currency, Instant placedAt, Instant paidAt,
                              long paidAmount, String paidPeriod, List<LineDoc> lines, List<RefundDoc> refunds,
                              Instant completedAt, String fulfilmentStoreId, String fulfilmentAssignee,
                              List<AdjustmentDoc> adjustments, List<OutboxRecord> outbox) {

        public DecisionDoc withOutbox(List<OutboxRecord> events) {
            return new DecisionDoc(orderId, customerId, decisionVersion, policyVersion, model, creditedType, storeId,
                    dealerId, staffId, ownerType, winning, candidates, reason, decidedAt, planVersion, currency, placedAt,
                    paidAt, paidAmount, paidPeriod, lines, refunds, completedAt, fulfilmentStoreId, fulfilmentAssignee,
                    adjustments, events);
        }

        public DecisionDoc withRefund(RefundDoc refund) {
            List<RefundDoc> all = new java.util.ArrayList<>(refunds);
            all.add(refund);
            return new DecisionDoc(orderId, customerId, decisionVersion, policyVersion, model, creditedType, storeId,
                    dealerId, staffId, ownerType, winning, candidates, reason, decidedAt, planVersion, currency, placedAt,
                    paidAt, paidAmount, paidPeriod, lines, List.copyOf(all), completedAt, fulfilmentStoreId,
                    fulfilmentAssignee, adjustments, outbox);
        }

        public DecisionDoc withCompletedAt(Instant at) {
            return new DecisionDoc(orderId, customerId, decisionVersion, policyVersion, model, creditedType, storeId,
                    dealerId, staffId, ownerType, winning, candidates, reason, decidedAt, planVersion, currency, placedAt,
                    paidAt, paidAmount, paidPeriod, lines, refunds, at, fulfilmentStoreId, fulfilmentAssignee,
                    adjustments, outbox);
        }

        /** Version {@code a.version()}: credited as the adjustment says, why, and the adjustment recorded. */
        public DecisionDoc withAdjustment(AdjustmentDoc a, String why, int planVersion, List<OutboxRecord> events) {
            List<AdjustmentDoc> all = new java.util.ArrayList<>(adjustments == null ? List.of() : adjustments);
            all.add(a);
            return new DecisionDoc(orderId, customerId, a.version(), policyVersion, model, a.creditedType(),
                    a.storeId(), a.dealerId(), a.staffId(), null, winning, candidates, why, decidedAt, planVersion,
                    currency, placedAt, paidAt, paidAmount, paidPeriod, lines, refunds, completedAt, fulfilmentStoreId,
                    fulfilmentAssignee, List.copyOf(all), events);
        }

        /** Who ships it: {@code STORE} with the store, or {@code HQ_WAREHOUSE}. */
        public DecisionDoc withFulfilment(String assignee, String storeId) {
            return new DecisionDoc(orderId, customerId, decisionVersion, policyVersion, model, creditedType,
                    this.storeId, dealerId, staffId, ownerType, winning, candidates, reason, decidedAt, planVersion,
                    currency, placedAt, paidAt, paidAmount, paidPeriod, lines, refunds, completedAt,
                    "STORE".equals(assignee) ? storeId : null, assignee, adjustments, outbox);
        }
    }

    /**
     * An HQ adjustment that made decision version {@code version}: who, why, when, the decision it replaced, and
     * the ledger entries it writes (kept here so that a retry of a half-done adjustment writes exactly them).
     */
    public record AdjustmentDoc(String adjustmentId, int version, String adjustedBy, String reason, Instant adjustedAt,
                                PreviousDecisionDoc previous, String creditedType, String storeId, String dealerId,
                                String staffId, List<LedgerDoc> entries) {
    }

    /**
     * How the decision stream answered one request to adjust a decision (id: the request's): {@code APPLIED} (also a
     * repeat of an adjustment recorded before), or {@code REFUSED} with the field at fault and why. What the
     * adjustment endpoint waits for.
     */
    @Document("adjustment_outcomes")
    public record AdjustmentOutcomeDoc(@Id String requestId, String status, int decisionVersion, String field,
                                       String message, Instant at) {
    }

    /**
     * Who ships an order, as its first fulfilment assignment said ({@code STORE} with its {@code storeId}, or
     * {@code HQ_WAREHOUSE}); id = order id. The read model inserts it once, apart from the decision, which holds it too
     * from the next time the decision is written whole; until then a read of the decision takes it from here.
     */
    @Document("order_shipping")
    public record ShippingDoc(@Id String orderId, String assignee, String storeId) {
    }

    public record PreviousDecisionDoc(int version, String creditedType, String storeId, String dealerId,
                                      String staffId, String reason) {
    }

    /**
     * A session's leaderboard and review, written whole by the leaderboard stream; id = session id. {@code rows} per
     * store, {@code staff} per staff member, the pinned-product {@code segments}, the paid orders placed while nothing
     * was pinned and their GMV (absent from a board written before they were kept), {@code endedAt} once it ended.
     */
    @Document("leaderboards")
    public record BoardDoc(@Id String sessionId, List<io.storecast.attribution.domain.BoardRow> rows,
                           List<io.storecast.attribution.domain.BoardRow> staff,
                           List<io.storecast.attribution.domain.BoardSegment> segments, Long unpinnedOrders,
                           Long unpinnedGmv, Instant endedAt, Instant updatedAt) {
    }

    /** A store's follow-up list for an ended session: its viewers who bought nothing; id = session|store. */
    @Document("follow_ups")
    public record FollowUpDoc(@Id String id, String sessionId, String storeId, List<String> customers,
                              Instant updatedAt) {
    }

    /**
     * One append-only ledger entry; id = order:line:role:sequence. What it says (amount, beneficiary, period) is never
     * changed; only its settlement state moves forward: {@code PENDING} → {@code SETTLEABLE} (order completed) →
     * {@code ON_STATEMENT} ({@code statementId} set by a period close) → {@code PAID} (the statement paid in full).
     */
    @Document("ledger")
    public record LedgerDoc(@Id String id, String orderId, int lineNo, String role, String beneficiaryType,
                            String beneficiaryId, String storeId, String dealerId, String kind, long amount,
                            String currency, Instant eventTime, String period, int planVersion, String status,
                            String statementId, List<OutboxRecord> outbox) {

        public LedgerDoc withOutbox(List<OutboxRecord> events) {
            return new LedgerDoc(id, orderId, lineNo, role, beneficiaryType, beneficiaryId, storeId, dealerId, kind,
                    amount, currency, eventTime, period, planVersion, status, statementId, events);
        }

        public LedgerDoc withStatus(String to) {
            return new LedgerDoc(id, orderId, lineNo, role, beneficiaryType, beneficiaryId, storeId, dealerId, kind,
                    amount, currency, eventTime, period, planVersion, to, statementId, outbox);
        }
    }

    /**
     * A period's close: {@code CLOSING} while its statements are being frozen (by the instance holding the
     * {@link CloseLockDoc}; {@code owner} and {@code startedAt} name its latest attempt), then {@code CLOSED}.
     */
    @Document("period_closes")
    public record PeriodCloseDoc(@Id String period, String status, String owner, Instant startedAt, String closedBy,
                                 Instant closedAt, int statements, long total) {
    }

    /**
     * The one close running at a time, whatever its period: held by {@code owner} until {@code until}, renewed as the
     * close goes on. Two closes at once would both claim the same settleable entries of earlier periods.
     */
    @Document("close_lock")
    public record CloseLockDoc(@Id String id, String owner, String period, Instant until) {
    }

    /** One line of a statement: a ledger entry frozen onto it. */
    public record StatementLineDoc(String entryId, String orderId, int lineNo, String role, String kind, long amount,
                                   String entryPeriod, boolean carriedForward) {
    }

    /**
     * The immutable statement of one beneficiary for one closed period, id {@code period/TYPE/beneficiaryId}: every
     * settleable entry not yet on a statement when the period closed.
     */
    @Document("statements")
    public record StatementDoc(@Id String id, String period, String beneficiaryType, String beneficiaryId,
                               String beneficiaryCode, String beneficiaryName, String currency,
                               List<StatementLineDoc> lines, long total, Instant issuedAt) {
    }

    /**
     * What has been paid against a statement, with every payout; changed only by compare-and-set on {@code version},
     * so two payouts at once can never together exceed the total.
     */
    @Document("statement_balances")
    public record StatementBalanceDoc(@Id String statementId, long total, long paid, List<PayoutDoc> payouts,
                                      long version) {
    }

    /** A payout finance recorded against a statement. */
    public record PayoutDoc(String payoutId, String statementId, long amount, Instant paidAt, String reference,
                            String recordedBy, Instant recordedAt) {
    }

    /** A payout id belongs to one statement and one amount: the same id again is the same payout. */
    @Document("payout_ids")
    public record PayoutIdDoc(@Id String payoutId, String statementId, long amount) {
    }

    /**
     * The report rows of one period and party type whose party falls in one bucket (id {@code period|TYPE|bucket}),
     * written whole by the decision stream's row counter; {@code counters} as
     * {@link io.storecast.attribution.domain.Rollups} orders them.
     */
    @Document("report_rollups")
    public record RollupDoc(@Id String id, List<RollupRowDoc> rows, Instant updatedAt) {
    }

    public record RollupRowDoc(String party, List<Long> counters) {
    }

    /**
     * What the statements of one close put on statement, per beneficiary of one type in one bucket (id {@code
     * close|TYPE|bucket}): a part per statement and entry period. Written whole by the close before it is marked
     * closed.
     */
    @Document("statement_rollups")
    public record StatementRollupDoc(@Id String id, List<StatementPartDoc> parts) {
    }

    public record StatementPartDoc(String statementId, String party, String period, long amount) {
    }

    /** The statements of one close paid in full, of beneficiaries of one type in one bucket ({@code close|TYPE|bucket}). */
    @Document("paid_statements")
    public record PaidStatementsDoc(@Id String id, List<String> statementIds) {
    }
}
