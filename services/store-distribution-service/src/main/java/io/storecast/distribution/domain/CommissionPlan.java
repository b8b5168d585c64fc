package io.storecast.distribution.domain;

import io.storecast.contracts.orders.OrderLine;

import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One version of the brand's commission plan: rates in basis points per product category, with
 * {@code *} as the default. A plan is in force from {@code effectiveFrom} until the next version's
 * {@code effectiveFrom}, so versions are numbered 1, 2, 3… and their start times strictly increase.
 * Categories are kept in sorted order ({@code *} first).
 */
public record CommissionPlan(int planVersion, Instant effectiveFrom, String currency, Map<String, Rates> rates) {

    public static final String DEFAULT_CATEGORY = "*";
    public static final String DEFAULT_CURRENCY = "CNY";
    private static final int MAX_BPS = 10_000;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public record Rates(int trafficBps, int staffBonusBps, int dealerOverrideBps, int fulfilmentBps) {

        public int total() {
            return trafficBps + staffBonusBps + dealerOverrideBps + fulfilmentBps;
        }
    }

    public CommissionPlan {
        rates = Collections.unmodifiableMap(new TreeMap<>(rates));
    }

    /**
     * The version after {@code latest} (null when there is none yet), checking every rule and naming
     * the offending field: {@code currency}, {@code rates}, {@code rates.<category>.<rate>},
     * {@code rates.<category>}, {@code effectiveFrom}. Times keep millisecond precision, as stored.
     */
    public static CommissionPlan next(CommissionPlan latest, Instant effectiveFrom, String currency,
                                      Map<String, Rates> rates) {
        if (effectiveFrom == null) {
            throw new InvalidFieldException("effectiveFrom", "effectiveFrom is required", 400);
        }
        String cur = currency == null || currency.isBlank() ? DEFAULT_CURRENCY : currency;
        if (!CURRENCY.matcher(cur).matches()) {
            throw new InvalidFieldException("currency", "currency must be 3 upper-case letters, e.g. CNY");
        }
        if (rates == null || !rates.containsKey(DEFAULT_CATEGORY)) {
            throw new InvalidFieldException("rates", "rates must include the default category \"*\"");
        }
        Map<String, Rates> checked = new LinkedHashMap<>();
        rates.forEach((category, r) -> {
            if (category == null || !(category.equals(DEFAULT_CATEGORY)
                    || category.matches(OrderLine.CATEGORY_PATTERN))) {
                throw new InvalidFieldException("rates", "a category is \"*\" or 1 to 64 letters, digits, '-' or '_'");
            }
            String field = "rates." + category;
            if (r == null) {
                throw new InvalidFieldException(field, field + " needs its four rates");
            }
            requireBps(field + ".trafficBps", r.trafficBps());
            requireBps(field + ".staffBonusBps", r.staffBonusBps());
            requireBps(field + ".dealerOverrideBps", r.dealerOverrideBps());
            requireBps(field + ".fulfilmentBps", r.fulfilmentBps());
            if (r.total() > MAX_BPS) {
                throw new InvalidFieldException(field, "the rates of " + category + " add up to " + r.total()
                        + " bps; at most " + MAX_BPS + " (100%)");
            }
            checked.put(category, r);
        });
        Instant from = effectiveFrom.truncatedTo(ChronoUnit.MILLIS);
        if (latest != null && !from.isAfter(latest.effectiveFrom())) {
            throw new ConflictException("effectiveFrom", "effectiveFrom must be after " + latest.effectiveFrom()
                    + ", when plan version " + latest.planVersion() + " takes effect");
        }
        return new CommissionPlan(latest == null ? 1 : latest.planVersion() + 1, from, cur, checked);
    }

    private static void requireBps(String field, int bps) {
        if (bps < 0 || bps > MAX_BPS) {
            throw new InvalidFieldException(field, field + " must be between 0 and " + MAX_BPS + " bps, was " + bps);
        }
    }
}
