package io.storecast.contracts.attribution;

import java.time.Instant;

/**
 * One append-only commission ledger entry. {@code kind} is {@code ACCRUAL}, {@code REVERSAL} or
 * {@code ADJUSTMENT}; {@code amount} is signed, in minor units; {@code period} is {@code yyyy-MM}
 * in the brand's time zone.
 */
public record CommissionEntryRecorded(String entryId, String orderId, int lineNo, String role,
                                      String beneficiaryType, String beneficiaryId, String storeId, String dealerId,
                                      String kind, long amount, String currency, Instant eventTime, String period,
                                      int planVersion) {
}
