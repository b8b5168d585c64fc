package io.storecast.attribution.domain;

import java.util.List;

/**
 * Who an order is credited to and why. {@code creditedType} HQ means no store or dealer earns on it.
 * The candidates are every touch considered, each with whether and why it qualified.
 */
public record Decision(Credited creditedType, String storeId, String dealerId, String staffId, String ownerType,
                       Touch winning, List<Candidate> candidates, String reason) {

    public enum Credited { STORE, DEALER, HQ }

    public record Candidate(Touch touch, boolean qualified, String note) {
    }

    public static Decision hq(List<Candidate> candidates, String reason) {
        return new Decision(Credited.HQ, null, null, null, null, null, candidates, reason);
    }
}
