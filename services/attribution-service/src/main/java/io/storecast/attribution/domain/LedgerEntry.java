package io.storecast.attribution.domain;

import java.time.Instant;

/**
 * One append-only commission ledger entry. The id is deterministic — order, line, role, sequence
 * (0 for the accrual, the order's refund sequence for a reversal) — so writing it twice is harmless.
 */
public record LedgerEntry(String id, String orderId, int lineNo, Role role, BeneficiaryType beneficiaryType,
                          String beneficiaryId, String storeId, String dealerId, Kind kind, long amount,
                          String currency, Instant eventTime, String period, int planVersion) {

    public enum Role { TRAFFIC, STAFF_BONUS, DEALER_OVERRIDE, FULFILMENT }

    public enum BeneficiaryType { STORE, STAFF, DEALER }

    public enum Kind { ACCRUAL, REVERSAL, ADJUSTMENT }

    public static String id(String orderId, int lineNo, Role role, int sequence) {
        return orderId + ":" + lineNo + ":" + role + ":" + sequence;
    }
}
