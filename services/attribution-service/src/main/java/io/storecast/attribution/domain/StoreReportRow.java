package io.storecast.attribution.domain;

/**
 * One row of the per-store commission report for a period (PRODUCT.md, Finance reports), in minor units.
 * Sales columns cover orders credited to the store; commission columns the ledger entries whose
 * beneficiary is the store with the entry's period = the report period.
 */
public record StoreReportRow(String storeId, String storeCode, String storeName, String dealerCode,
                             long attributedOrders, long grossSales, long refunds, long netSales,
                             long commissionAccrued, long commissionReversed, long commissionNet,
                             long pending, long settleable, long onStatement, long paid) {

    public static StoreReportRow empty(String storeId, String storeCode, String storeName, String dealerCode) {
        return new StoreReportRow(storeId, storeCode, storeName, dealerCode, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public StoreReportRow withPaidOrder(long amount) {
        return new StoreReportRow(storeId, storeCode, storeName, dealerCode, attributedOrders + 1, grossSales + amount,
                refunds, netSales + amount, commissionAccrued, commissionReversed, commissionNet, pending, settleable,
                onStatement, paid);
    }

    public StoreReportRow withRefund(long amount) {
        return new StoreReportRow(storeId, storeCode, storeName, dealerCode, attributedOrders, grossSales,
                refunds + amount, netSales - amount, commissionAccrued, commissionReversed, commissionNet, pending,
                settleable, onStatement, paid);
    }

    /** Adds one ledger entry in the given settlement state (PENDING, SETTLEABLE, ON_STATEMENT, PAID). */
    public StoreReportRow withEntry(long amount, String status) {
        return new StoreReportRow(storeId, storeCode, storeName, dealerCode, attributedOrders, grossSales, refunds,
                netSales, commissionAccrued + Math.max(amount, 0), commissionReversed + Math.min(amount, 0),
                commissionNet + amount,
                pending + ("PENDING".equals(status) ? amount : 0),
                settleable + ("SETTLEABLE".equals(status) ? amount : 0),
                onStatement + ("ON_STATEMENT".equals(status) ? amount : 0),
                paid + ("PAID".equals(status) ? amount : 0));
    }

    public StoreReportRow plus(StoreReportRow o) {
        return new StoreReportRow(storeId, storeCode, storeName, dealerCode, attributedOrders + o.attributedOrders,
                grossSales + o.grossSales, refunds + o.refunds, netSales + o.netSales,
                commissionAccrued + o.commissionAccrued, commissionReversed + o.commissionReversed,
                commissionNet + o.commissionNet, pending + o.pending, settleable + o.settleable,
                onStatement + o.onStatement, paid + o.paid);
    }
}
