package io.storecast.attribution.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A plan version: per-category rates in basis points, {@code *} the default, in force from {@code effectiveFrom}. */
public record CommissionPlan(int version, Instant effectiveFrom, String currency, Map<String, Rates> rates) {

    public record Rates(int trafficBps, int staffBonusBps, int dealerOverrideBps, int fulfilmentBps) {
    }

    public Rates ratesFor(String category) {
        Rates r = rates.get(category);
        return r != null ? r : rates.get("*");
    }

    /** The version in force at {@code at}: the latest whose effectiveFrom is at or before it. */
    public static Optional<CommissionPlan> inForceAt(List<CommissionPlan> plans, Instant at) {
        return plans.stream().filter(p -> !p.effectiveFrom().isAfter(at))
                .max(Comparator.comparing(CommissionPlan::effectiveFrom));
    }
}
