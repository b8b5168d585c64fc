package io.storecast.attribution.domain;

/**
 * One row of a finance report for a period (PRODUCT.md, Finance reports), in minor units: a store, a dealer or a
 * staff member ({@code code}/{@code name} are the party's own; {@code storeCode} the staff member's store, and
 * {@code dealerCode} the dealer of the store or of the staff member's store). Sales columns cover the orders
 * credited to the party; commission columns the ledger entries whose beneficiary is the party with the entry's
 * period = the report period.
 */
public record ReportRow(String id, String code, String name, String storeCode, String dealerCode,
                        long attributedOrders, long grossSales, long refunds, long netSales,
                        long commissionAccrued, long commissionReversed, long commissionNet,
                        long pending, long settleable, long onStatement, long paid) {

    public static ReportRow empty(String id, String code, String name, String storeCode, String dealerCode) {
        return new ReportRow(id, code, name, storeCode, dealerCode, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public ReportRow plus(ReportRow o) {
        return new ReportRow(id, code, name, storeCode, dealerCode, attributedOrders + o.attributedOrders,
                Math.addExact(grossSales, o.grossSales), Math.addExact(refunds, o.refunds),
                Math.addExact(netSales, o.netSales), Math.addExact(commissionAccrued, o.commissionAccrued),
                Math.addExact(commissionReversed, o.commissionReversed), Math.addExact(commissionNet, o.commissionNet),
                Math.addExact(pending, o.pending), Math.addExact(settleable, o.settleable),
                Math.addExact(onStatement, o.onStatement), Math.addExact(paid, o.paid));
    }
}
