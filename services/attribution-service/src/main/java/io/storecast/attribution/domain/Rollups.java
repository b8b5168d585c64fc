package io.storecast.attribution.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's running sums (PRODUCT.md, Finance reports), kept per row — period, party type, party — so a report
 * reads a few documents instead of the month's ledger. An order adds to rows what its current state says (its sales
 * and its entries); when the state changes, the rows move by the difference between what the state added before
 * and what it adds now — so a payment, a refund, an adjustment that moves the credit, a late entry or a completion
 * each move exactly what they change, and the same fact twice moves nothing.
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

    /** An order's sales as the reports count them; {@code version} 0 until its decision is known. */
    public record Sales(String paidPeriod, long amount, int version, String creditedType, String storeId,
                        String dealerId, String staffId, Map<String, Refund> refunds) {

        public static final Sales NONE = new Sales(null, 0, 0, null, null, null, null, Map.of());

        /** Paid in {@code period}: the first payment stands. */
        public Sales paid(String period, long paidAmount) {
            return paidPeriod != null ? this
                    : new Sales(period, paidAmount, version, creditedType, storeId, dealerId, staffId, refunds);
        }

        /** Decided (or adjusted) at {@code decisionVersion}: only a later version than the one known counts. */
        public Sales credited(int decisionVersion, String type, String store, String dealer, String staff) {
            return decisionVersion <= version ? this
                    : new Sales(paidPeriod, amount, decisionVersion, type, store, dealer, staff, refunds);
        }

        /** Refunded: once per refund id. */
        public Sales refunded(String refundId, Refund refund) {
            if (refunds.containsKey(refundId)) {
                return this;
            }
            Map<String, Refund> more = new HashMap<>(refunds);
            more.put(refundId, refund);
            return new Sales(paidPeriod, amount, version, creditedType, storeId, dealerId, staffId, more);
        }
    }

    /** A refund by its period (in the brand's time zone) and amount. */
    public record Refund(String period, long amount) {
    }

    /** What an order's sales add to each row: for each party credited, the order in its paid period, its refunds. */
    public static Map<String, long[]> of(Sales s) {
        Map<String, long[]> rows = new HashMap<>();
        if (s.paidPeriod() == null || s.version() == 0) {
            return rows;
        }
        for (String[] party : credited(s)) {
            long[] paid = rows.computeIfAbsent(row(s.paidPeriod(), party[0], party[1]), k -> new long[WIDTH]);
            paid[ORDERS] += 1;
            paid[GROSS] = Math.addExact(paid[GROSS], s.amount());
            for (Refund r : s.refunds().values()) {
                long[] refunded = rows.computeIfAbsent(row(r.period(), party[0], party[1]), k -> new long[WIDTH]);
                refunded[REFUNDS] = Math.addExact(refunded[REFUNDS], r.amount());
            }
        }
        return rows;
    }

    /**
     * The parties an order's sales count for: the store for an order credited to a store, the dealer of the store
     * or of the dealer link, the staff member of a staff link.
     */
    private static List<String[]> credited(Sales s) {
        List<String[]> out = new java.util.ArrayList<>();
        if ("STORE".equals(s.creditedType()) && s.storeId() != null) {
            out.add(new String[]{"STORE", s.storeId()});
        }
        if (s.dealerId() != null) {
            out.add(new String[]{"DEALER", s.dealerId()});
        }
        if (s.staffId() != null) {
            out.add(new String[]{"STAFF", s.staffId()});
        }
        return out;
    }

    /** One ledger entry as the rows count it. */
    public record Entry(String period, String beneficiaryType, String beneficiaryId, long amount) {
    }

    /** An order's ledger entries by id and whether it is completed (its entries then settleable or later). */
    public record Entries(boolean completed, Map<String, Entry> entries) {

        public static final Entries NONE = new Entries(false, Map.of());

        /** An entry recorded: once per entry id (the ledger never changes an entry's amount). */
        public Entries recorded(String entryId, Entry entry) {
            if (entries.containsKey(entryId)) {
                return this;
            }
            Map<String, Entry> more = new HashMap<>(entries);
            more.put(entryId, entry);
            return new Entries(completed, more);
        }

        /** The order completed: its entries, and those recorded later, are settleable (or further on). */
        public Entries complete() {
            return completed ? this : new Entries(true, entries);
        }
    }

    /** What an order's entries add to their beneficiaries' rows: accrued or reversed, and completed. */
    public static Map<String, long[]> of(Entries s) {
        Map<String, long[]> rows = new HashMap<>();
        for (Entry e : s.entries().values()) {
            long[] r = rows.computeIfAbsent(row(e.period(), e.beneficiaryType(), e.beneficiaryId()),
                    k -> new long[WIDTH]);
            int sign = e.amount() >= 0 ? ACCRUED : REVERSED;
            r[sign] = Math.addExact(r[sign], e.amount());
            if (s.completed()) {
                r[COMPLETED] = Math.addExact(r[COMPLETED], e.amount());
            }
        }
        return rows;
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
