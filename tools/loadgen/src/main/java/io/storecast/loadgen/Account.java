package io.storecast.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The load generator's own account of what each store must be credited and paid, from what it did alone (its
 * catalog's prices, its plan's rates, the links it used, the refunds it asked for), by the rules of PRODUCT.md:
 * the order is credited to the store of the last link the customer followed (the order carries that ref, and under
 * {@code LAST_TOUCH} the checkout touch is the latest); per line and role {@code roundHalfUp(base × bps / 10000)},
 * after refunds {@code roundHalfUp((P − R) × bps / 10000)}; a store's roles are its traffic share and, when it holds
 * stock for every line, its fulfilment fee; a completed order's entries are settleable, the others pending.
 */
final class Account {

    /** The per-store report's columns that the account predicts, in the report's order. */
    static final List<String> COLUMNS = List.of("attributedOrders", "grossSales", "refunds", "netSales",
            "commissionAccrued", "commissionReversed", "commissionNet", "pending", "settleable", "onStatement", "paid");

    /** A paid order as the load generator placed it: the store it must be credited to (null: HQ) and its lines. */
    record Paid(Plan plan, String orderId, String storeCode, boolean storeFulfils, List<Line> lines) {
    }

    record Line(int lineNo, long amount, Rates rates) {
    }

    /** A plan's rates for one category, in basis points. */
    record Rates(int traffic, int staffBonus, int dealerOverride, int fulfilment) {
    }

    private Account() {
    }

    /**
     * Every store's expected report row. {@code refundsMade}: whether the refunds of the plan have been asked for
     * yet; {@code completes}: whether a delivered order completes during the run (a return window of 0 days).
     */
    static Map<String, long[]> expected(List<Paid> orders, boolean refundsMade, boolean completes) {
        Map<String, long[]> rows = new TreeMap<>();
        for (Paid o : orders) {
            if (o.storeCode() == null) {
                continue;                                       // credited to HQ: no store row, no commission
            }
            long[] row = rows.computeIfAbsent(o.storeCode(), k -> new long[COLUMNS.size()]);
            boolean settled = completes && o.plan().delivered();
            row[0]++;
            for (Line l : o.lines()) {
                long refund = refundsMade ? refundOf(o.plan(), l) : 0;
                row[1] += l.amount();
                row[2] += refund;
                row[3] += l.amount() - refund;
                List<Integer> roles = new ArrayList<>(List.of(l.rates().traffic()));
                if (o.storeFulfils()) {
                    roles.add(l.rates().fulfilment());          // a second role of the same store, rounded apart
                }
                for (int bps : roles) {
                    if (bps == 0) {
                        continue;
                    }
                    long accrued = roundHalfUp(l.amount(), bps);
                    long net = roundHalfUp(l.amount() - refund, bps);
                    row[4] += accrued;
                    row[5] += net - accrued;
                    row[6] += net;
                    row[settled ? 8 : 7] += net;
                }
            }
        }
        return rows;
    }

    static long refundOf(Plan plan, Line l) {
        return switch (plan.refund()) {
            case NONE -> 0;
            case HALF_OF_FIRST_LINE -> l.lineNo() == 1 ? l.amount() / 2 : 0;
            case FULL -> l.amount();
        };
    }

    static long roundHalfUp(long base, int bps) {
        return Math.floorDiv(Math.multiplyExact(base, bps) + 5_000, 10_000);
    }

    /** Every difference between the account and the report's rows (store code → the columns above). */
    static List<String> mismatches(Map<String, long[]> expected, Map<String, long[]> report) {
        List<String> out = new ArrayList<>();
        TreeSet<String> stores = new TreeSet<>(expected.keySet());
        stores.addAll(report.keySet());
        for (String store : stores) {
            long[] want = expected.getOrDefault(store, new long[COLUMNS.size()]);
            long[] got = report.get(store);
            if (got == null) {
                out.add(store + ": expected a row (" + want[0] + " orders, commission net " + want[6]
                        + " fen), the report has none");
                continue;
            }
            for (int i = 0; i < COLUMNS.size(); i++) {
                if (want[i] != got[i]) {
                    out.add(store + " " + COLUMNS.get(i) + ": expected " + want[i] + ", the report says " + got[i]);
                }
            }
        }
        return out;
    }
}
