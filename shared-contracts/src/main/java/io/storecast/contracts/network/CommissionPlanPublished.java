package io.storecast.contracts.network;

import java.time.Instant;
import java.util.Map;

/**
 * A commission plan version. It is in force from {@code effectiveFrom} until the next version's
 * {@code effectiveFrom}. Rates are per product category, with {@code *} as the default.
 */
public record CommissionPlanPublished(int planVersion, Instant effectiveFrom, String currency,
                                      Map<String, Rates> rates, Instant publishedAt) {

    /** Rates in basis points (1 bp = 0.01%). */
    public record Rates(int trafficBps, int staffBonusBps, int dealerOverrideBps, int fulfilmentBps) {
    }
}
