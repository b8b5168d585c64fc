package io.storecast.attribution.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's running sums (PRODUCT.md, Finance reports), kept per row — period, party type, party — so a report
 * reads a few documents instead of the month's ledger. An order adds to rows what its current state says (its sales
 * and its entries); when the state changes, the rows move by the difference between what the state added before
 * and what it adds now — so a payment, a refund, an adjustment that moves the credit, a fulfilment fee or a
 * completion each move exactly what they change, and a state that does not change moves nothing.
 */
public final class Rollups {

    /** The counters of a row, by position. {@code completed}: the part of the commission of completed orders. */
    public static final int ORDERS = 0, GROSS = 1, REFUNDS = 2, ACCRUED = 3, REVERSED = 4, COMPLETED = 5, WIDTH = 6;

    /** How many documents the rows of one period and party type are spread over. */
    public static final int BUCKETS = 64;

    private Rollups() {
    }

    /** A row's key: {@code period|TYPE|partyId}. */
    public static String row(String period, String type, String partyId) {
        return period + "|" + type + "|" + partyId;
    }

    /** The document a party's rows of a period live in: {@code period|TYPE|bucket}. */
    public static String bucket(String period, String type, String partyId) {
        return period + "|" + type + "|" + Math.floorMod(partyId.hashCode(), BUCKETS);
    }

    /** Every document of one period's rows of one party type. */
    public static List<String> buckets(String period, String type) {
        return java.util.stream.IntStream.range(0, BUCKETS).mapToObj(b -> period + "|" + type + "|" + b).toList();
    }

    /**
     * One paid order as the reports count it: paid {@code amount} in {@code paidPeriod}, credited as its decision in
     * force reads, its refunds, every ledger entry written for it, and whether it completed (its entries then
     * settleable or further on).
     */
    public record Order(String paidPeriod, long amount, String creditedType, String storeId, String dealerId,
                        String staffId, List<Refund> refunds, List<Entry> entries, boolean completed) {
    }

    /** A refund by its period (in the brand's time zone) and amount. */
    public record Refund(String period, long amount) {
    }

    /** One ledger entry as the rows count it. */
    public record Entry(String period, String beneficiaryType, String beneficiaryId, long amount) {
    }

    /**
     * What an order adds to each row (none for {@code null}, an order not yet paid): for each party credited, the
     * order in its paid period and its refunds in theirs; for each entry's beneficiary, the entry accrued or
     * reversed in its period, and completed.
     */
    public static Map<String, long[]> of(Order o) {
        Map<String, long[]> rows = new HashMap<>();
        if (o == null) {
            return rows;
        }
        for (String[] party : credited(o)) {
            long[] paid = rows.computeIfAbsent(row(o.paidPeriod(), party[0], party[1]), k -> new long[WIDTH]);
            paid[ORDERS] += 1;
            paid[GROSS] = Math.addExact(paid[GROSS], o.amount());
            for (Refund r : o.refunds()) {
                long[] refunded = rows.computeIfAbsent(row(r.period(), party[0], party[1]), k -> new long[WIDTH]);
                refunded[REFUNDS] = Math.addExact(refunded[REFUNDS], r.amount());
            }
        }
        for (Entry e : o.entries()) {
            long[] r = rows.computeIfAbsent(row(e.period(), e.beneficiaryType(), e.beneficiaryId()),
                    k -> new long[WIDTH]);
            int sign = e.amount() >= 0 ? ACCRUED : REVERSED;
            r[sign] = Math.addExact(r[sign], e.amount());
            if (o.completed()) {
                r[COMPLETED] = Math.addExact(r[COMPLETED], e.amount());
            }
        }
        return rows;
    }

    /**
     * The parties an order's sales count for: the store for an order credited to a store, the dealer of the store
     * or of the dealer link, the staff member of a staff link.
     */
    private static List<String[]> credited(Order o) {
        List<String[]> out = new java.util.ArrayList<>();
        if ("STORE".equals(o.creditedType()) && o.storeId() != null) {
            out.add(new String[]{"STORE", o.storeId()});
        }
        if (o.dealerId() != null) {
            out.add(new String[]{"DEALER", o.dealerId()});
        }
        if (o.staffId() != null) {
            out.add(new String[]{"STAFF", o.staffId()});
        }
        return out;
    }

    /** {@code after − before} per row, rows that do not move left out. */
    public static Map<String, long[]> difference(Map<String, long[]> before, Map<String, long[]> after) {
        Map<String, long[]> out = new HashMap<>();
        for (var e : after.entrySet()) {
            out.put(e.getKey(), e.getValue().clone());
        }
        for (var e : before.entrySet()) {
            long[] d = out.computeIfAbsent(e.getKey(), k -> new long[WIDTH]);
            for (int i = 0; i < WIDTH; i++) {
                d[i] = Math.subtractExact(d[i], e.getValue()[i]);
            }
        }
        out.values().removeIf(Rollups::isZero);
        return out;
    }

    /** Adds {@code delta} to {@code sums} in place. */
    public static long[] add(long[] sums, long[] delta) {
        for (int i = 0; i < WIDTH; i++) {
            sums[i] = Math.addExact(sums[i], delta[i]);
        }
        return sums;
    }

    public static boolean isZero(long[] counters) {
        for (long c : counters) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A report row from its sums and the part of its commission on statements ({@code onStatement}, of which {@code
     * paid} on statements paid in full): pending is what is not completed, settleable what is completed and not on
     * a statement.
     */
    public static ReportRow toRow(ReportRow empty, long[] sums, long onStatementOrPaid, long paid) {
        long net = Math.addExact(sums[ACCRUED], sums[REVERSED]);
        return new ReportRow(empty.id(), empty.code(), empty.name(), empty.storeCode(), empty.dealerCode(),
                sums[ORDERS], sums[GROSS], sums[REFUNDS], Math.subtractExact(sums[GROSS], sums[REFUNDS]),
                sums[ACCRUED], sums[REVERSED], net, Math.subtractExact(net, sums[COMPLETED]),
                Math.subtractExact(sums[COMPLETED], onStatementOrPaid), Math.subtractExact(onStatementOrPaid, paid),
                paid);
    }
}
