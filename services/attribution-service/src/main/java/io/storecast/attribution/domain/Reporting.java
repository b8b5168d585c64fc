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

    private Reporting() {
    }

    /** The rows by party id; {@code emptyRow} names a party's row the first time it is seen. */
    public static Map<String, ReportRow> rows(Party party, String period, Iterable<Sale> sales, Iterable<Entry> entries,
                                             Function<String, ReportRow> emptyRow) {
        Map<String, ReportRow> rows = new HashMap<>();
        for (Sale s : sales) {
            String id = s.party(party);
            if (id == null) {
                continue;
            }
            ReportRow row = rows.computeIfAbsent(id, emptyRow);
            if (period.equals(s.paidPeriod())) {
                row = row.withPaidOrder(s.paidAmount());
            }
            for (Refund r : s.refunds()) {
                if (period.equals(r.period())) {
                    row = row.withRefund(r.amount());
                }
            }
            rows.put(id, row);
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
