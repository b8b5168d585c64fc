package io.storecast.attribution.domain;

/**
 * The finance reports' parties and totals row (PRODUCT.md, Finance reports); the rows themselves come from the
 * running sums in {@link Rollups}.
 */
public final class Reporting {

    /** Whose rows; each is the ledger's beneficiary type of the same name. */
    public enum Party { STORE, DEALER, STAFF }

    private Reporting() {
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
