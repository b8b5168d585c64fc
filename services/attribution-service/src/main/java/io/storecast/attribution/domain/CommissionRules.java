package io.storecast.attribution.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Commission per line and role (PRODUCT.md, Commission): {@code roundHalfUp(base × bps / 10000)} in
 * integer minor units; a refund writes the change in the line's net; a role at 0 bps writes nothing.
 */
public final class CommissionRules {

    private CommissionRules() {
    }

    /** A paid order line as commission sees it. */
    public record PaidLine(int lineNo, String category, long amount) {
    }

    /** A role that applies to this decision, who earns it and at what rate. */
    public record Share(LedgerEntry.Role role, LedgerEntry.BeneficiaryType type, String beneficiaryId, int bps) {
    }

    /**
     * {@code roundHalfUp(amount × bps / 10000)} for a non-negative amount, exactly, in integers, for any amount a long
     * holds at a rate up to 100 %: with {@code amount = q × 10000 + r} it is {@code q × bps + roundHalfUp(r × bps /
     * 10000)}, so no product goes past a long (a line of more than 1.8 × 10^16 fen at 5 % once did, and its payment
     * was dead-lettered undecided).
     */
    public static long roundHalfUp(long amount, int bps) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        long q = amount / 10_000, r = amount % 10_000;
        return Math.addExact(Math.multiplyExact(q, bps), (r * bps + 5_000) / 10_000);
    }

    /**
     * The roles that apply: traffic, staff bonus and dealer override from the decision, and the fulfilment fee to
     * {@code fulfilmentStoreId} when a store ships the order (null: not assigned yet, or the HQ warehouse).
     */
    public static List<Share> shares(Decision d, CommissionPlan.Rates r, String fulfilmentStoreId) {
        List<Share> out = new ArrayList<>();
        add(out, LedgerEntry.Role.FULFILMENT, LedgerEntry.BeneficiaryType.STORE, fulfilmentStoreId, r.fulfilmentBps());
        switch (d.creditedType()) {
            case HQ -> { }
            case DEALER -> add(out, LedgerEntry.Role.TRAFFIC, LedgerEntry.BeneficiaryType.DEALER, d.dealerId(), r.trafficBps());
            case STORE -> {
                add(out, LedgerEntry.Role.TRAFFIC, LedgerEntry.BeneficiaryType.STORE, d.storeId(), r.trafficBps());
                if (d.staffId() != null) {
                    add(out, LedgerEntry.Role.STAFF_BONUS, LedgerEntry.BeneficiaryType.STAFF, d.staffId(), r.staffBonusBps());
                }
                if (d.dealerId() != null) {
                    add(out, LedgerEntry.Role.DEALER_OVERRIDE, LedgerEntry.BeneficiaryType.DEALER, d.dealerId(),
                            r.dealerOverrideBps());
                }
            }
        }
        return out;
    }

    private static void add(List<Share> out, LedgerEntry.Role role, LedgerEntry.BeneficiaryType type, String id, int bps) {
        if (bps > 0 && id != null) {
            out.add(new Share(role, type, id, bps));
        }
    }

    /** The accruals at payment: every role but fulfilment, which waits for the assignment. */
    public static List<LedgerEntry> accruals(String orderId, Decision d, CommissionPlan plan, List<PaidLine> lines,
                                             Instant paidAt, ZoneId zone) {
        return accruals(orderId, d, plan, lines, paidAt, zone, s -> s.role() != LedgerEntry.Role.FULFILMENT, null);
    }

    /**
     * The fulfilment fee's accruals once a store is assigned to ship the order; their period is still the payment's.
     */
    public static List<LedgerEntry> fulfilmentAccruals(String orderId, Decision d, CommissionPlan plan,
                                                       List<PaidLine> lines, String storeId, Instant paidAt,
                                                       ZoneId zone) {
        return accruals(orderId, d, plan, lines, paidAt, zone, s -> s.role() == LedgerEntry.Role.FULFILMENT, storeId);
    }

    private static List<LedgerEntry> accruals(String orderId, Decision d, CommissionPlan plan, List<PaidLine> lines,
                                              Instant paidAt, ZoneId zone, java.util.function.Predicate<Share> roles,
                                              String fulfilmentStoreId) {
        List<LedgerEntry> out = new ArrayList<>();
        for (PaidLine line : lines) {
            for (Share s : shares(d, plan.ratesFor(line.category()), fulfilmentStoreId)) {
                if (!roles.test(s)) {
                    continue;
                }
                long amount = roundHalfUp(line.amount(), s.bps());
                if (amount != 0) {
                    out.add(entry(orderId, line.lineNo(), s, d, LedgerEntry.Kind.ACCRUAL, 0, amount, plan, paidAt, zone));
                }
            }
        }
        return out;
    }

    /**
     * The reversal entries for one refund: per role, the new net {@code roundHalfUp((P − R) × bps)} minus
     * the previous net {@code roundHalfUp((P − (R − r)) × bps)}; none when that is zero.
     */
    public static List<LedgerEntry> reversals(String orderId, Decision d, CommissionPlan plan, PaidLine line,
                                              int refundSeq, long refundAmount, long lineRefundedTotal,
                                              Instant refundedAt, ZoneId zone, String fulfilmentStoreId) {
        if (lineRefundedTotal > line.amount() || refundAmount > lineRefundedTotal || refundAmount <= 0) {
            throw new IllegalArgumentException("refund of " + refundAmount + " (total " + lineRefundedTotal
                    + ") does not fit line " + line.lineNo() + " paid " + line.amount());
        }
        List<LedgerEntry> out = new ArrayList<>();
        for (Share s : shares(d, plan.ratesFor(line.category()), fulfilmentStoreId)) {
            long before = roundHalfUp(line.amount() - (lineRefundedTotal - refundAmount), s.bps());
            long after = roundHalfUp(line.amount() - lineRefundedTotal, s.bps());
            if (after - before != 0) {
                out.add(entry(orderId, line.lineNo(), s, d, LedgerEntry.Kind.REVERSAL, refundSeq, after - before, plan,
                        refundedAt, zone));
            }
        }
        return out;
    }

    /**
     * The entries of an HQ adjustment to decision version {@code version}: for every line and role but the
     * fulfilment fee (shipping does not follow credit), the net each beneficiary holds so far is reversed, and the new
     * decision's roles accrue the line's net after its refunds, {@code roundHalfUp((P − R) × bps / 10000)}. Kind
     * {@code ADJUSTMENT}, in the adjustment's period; ids {@code order:line:role:a<version>:<type>:<beneficiary>}.
     *
     * @param existing     every entry of the order so far
     * @param refunded     the refunded total per line number
     */
    public static List<LedgerEntry> adjustment(String orderId, Decision next, CommissionPlan plan, List<PaidLine> lines,
                                               java.util.Map<Integer, Long> refunded, List<LedgerEntry> existing,
                                               int version, Instant at, ZoneId zone) {
        java.util.Map<String, LedgerEntry> holders = new java.util.TreeMap<>();
        java.util.Map<String, Long> nets = new java.util.HashMap<>();
        for (LedgerEntry e : existing) {
            if (e.role() == LedgerEntry.Role.FULFILMENT) {
                continue;
            }
            String key = e.lineNo() + ":" + e.role() + ":" + e.beneficiaryType() + ":" + e.beneficiaryId();
            holders.putIfAbsent(key, e);
            nets.merge(key, e.amount(), Math::addExact);
        }
        List<LedgerEntry> out = new ArrayList<>();
        String prefix = ":a" + version + ":";
        holders.forEach((key, e) -> {
            long net = nets.get(key);
            if (net != 0) {
                out.add(new LedgerEntry(orderId + ":" + e.lineNo() + ":" + e.role() + prefix + e.beneficiaryType() + ":"
                        + e.beneficiaryId(), orderId, e.lineNo(), e.role(), e.beneficiaryType(), e.beneficiaryId(),
                        e.storeId(), e.dealerId(), LedgerEntry.Kind.ADJUSTMENT, -net, e.currency(), at,
                        period(at, zone), e.planVersion()));
            }
        });
        for (PaidLine line : lines) {
            long remaining = line.amount() - refunded.getOrDefault(line.lineNo(), 0L);
            for (Share s : shares(next, plan.ratesFor(line.category()), null)) {
                long amount = roundHalfUp(remaining, s.bps());
                if (amount != 0) {
                    out.add(new LedgerEntry(orderId + ":" + line.lineNo() + ":" + s.role() + prefix + s.type() + ":"
                            + s.beneficiaryId(), orderId, line.lineNo(), s.role(), s.type(), s.beneficiaryId(),
                            next.storeId(), next.dealerId(), LedgerEntry.Kind.ADJUSTMENT, amount, plan.currency(), at,
                            period(at, zone), plan.version()));
                }
            }
        }
        return out;
    }

    public static String period(Instant at, ZoneId zone) {
        return YearMonth.from(at.atZone(zone)).toString();
    }

    private static LedgerEntry entry(String orderId, int lineNo, Share s, Decision d, LedgerEntry.Kind kind, int seq,
                                     long amount, CommissionPlan plan, Instant at, ZoneId zone) {
        return new LedgerEntry(LedgerEntry.id(orderId, lineNo, s.role(), seq), orderId, lineNo, s.role(), s.type(),
                s.beneficiaryId(), d.storeId(), d.dealerId(), kind, amount, plan.currency(), at, period(at, zone),
                plan.version());
    }
}
