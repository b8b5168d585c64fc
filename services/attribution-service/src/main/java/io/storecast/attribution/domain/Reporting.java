package io.storecast.attribution.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The figures of a finance report for one period (PRODUCT.md, Finance reports), from the sales (decisions) and the
 * ledger: a row per party with activity. Sales columns: orders credited to the party paid in the period, refunds
 * made in the period. Commission columns: entries whose beneficiary is the party, with the entry's period = the
 * report period, split by settlement state.
 */
public final class Reporting {

    /** Whose rows; each is the ledger's beneficiary type of the same name. */
    public enum Party { STORE, DEALER, STAFF }

    /** An order as the sales columns see it: whom it is credited to, when it was paid, its refunds. */
    public record Sale(Decision.Credited creditedType, String storeId, String dealerId, String staffId,
                       String paidPeriod, long paidAmount, List<Refund> refunds) {

        /** The party of this type the order is credited to, or null. */
        String party(Party p) {
            return switch (p) {
                case STORE -> creditedType == Decision.Credited.STORE ? storeId : null;
                case DEALER -> dealerId;
                case STAFF -> staffId;
            };
        }
    }

    public record Refund(String period, long amount) {
    }

    public record Entry(String beneficiaryType, String beneficiaryId, String period, long amount, String status) {
    }

    /** A party's sales in the period: orders paid in it and their amount, refunds made in it. */
    public record SalesTotal(String partyId, long orders, long gross, long refunds) {
    }

    /** The sales of single orders summed per party of type {@code party} for {@code period}. */
    public static List<SalesTotal> salesTotals(Party party, String period, Iterable<Sale> sales) {
        Map<String, long[]> sums = new java.util.LinkedHashMap<>();
        for (Sale s : sales) {
            String id = s.party(party);
            if (id == null) {
                continue;
            }
            long[] t = sums.computeIfAbsent(id, k -> new long[3]);
            if (period.equals(s.paidPeriod())) {
                t[0]++;
                t[1] = Math.addExact(t[1], s.paidAmount());
            }
            for (Refund r : s.refunds()) {
                if (period.equals(r.period())) {
                    t[2] = Math.addExact(t[2], r.amount());
                }
            }
        }
        return sums.entrySet().stream().map(e -> new SalesTotal(e.getKey(), e.getValue()[0], e.getValue()[1],
                e.getValue()[2])).toList();
    }

    private Reporting() {
    }

    /** The rows by party id from single orders and entries; {@code emptyRow} names a party's row when first seen. */
    public static Map<String, ReportRow> rows(Party party, String period, Iterable<Sale> sales, Iterable<Entry> entries,
                                             Function<String, ReportRow> emptyRow) {
        return rows(party, period, salesTotals(party, period, sales), entries, emptyRow);
    }

    /**
     * The rows by party id from sales already summed per party and entries of the period (an entry may stand for
     * the sum of several of one beneficiary and state, of one sign).
     */
    public static Map<String, ReportRow> rows(Party party, String period, List<SalesTotal> sales, Iterable<Entry> entries,
                                             Function<String, ReportRow> emptyRow) {
        Map<String, ReportRow> rows = new HashMap<>();
        for (SalesTotal s : sales) {
            rows.put(s.partyId(), rows.computeIfAbsent(s.partyId(), emptyRow).withSales(s.orders(), s.gross(),
                    s.refunds()));
        }
        for (Entry e : entries) {
            if (party.name().equals(e.beneficiaryType()) && period.equals(e.period())) {
                rows.put(e.beneficiaryId(), rows.computeIfAbsent(e.beneficiaryId(), emptyRow)
                        .withEntry(e.amount(), e.status()));
            }
        }
        return rows;
    }

    /** The totals row: the sum of every row. */
    public static ReportRow totals(Iterable<ReportRow> rows) {
        ReportRow t = ReportRow.empty(null, "TOTAL", "", "", "");
        for (ReportRow r : rows) {
            t = t.plus(r);
        }
        return t;
    }
}
