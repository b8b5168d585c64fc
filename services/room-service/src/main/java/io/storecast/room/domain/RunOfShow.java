package io.storecast.room.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The "3-3-2" rhythm live sellers keep: no product slot over 3 minutes, and no more than 3 products back
 * to back without an interaction break (lottery or game) of at least 2 minutes. Warnings, not errors:
 * the lineup is saved either way. Positions are 1-based, as in the printed run-of-show.
 */
public final class RunOfShow {

    public static final int MAX_PRODUCT_SECONDS = 180;
    public static final int MAX_PRODUCTS_IN_A_ROW = 3;
    public static final int MIN_BREAK_SECONDS = 120;

    public enum Rule { PRODUCT_SLOT_OVER_3_MINUTES, OVER_3_PRODUCTS_WITHOUT_BREAK, BREAK_UNDER_2_MINUTES }

    public record Warning(Rule rule, List<Integer> positions, String message) {
    }

    private RunOfShow() {
    }

    public static List<Warning> check(List<LineupItem> lineup) {
        List<Warning> warnings = new ArrayList<>();
        List<Integer> run = new ArrayList<>();
        for (int i = 0; i < lineup.size(); i++) {
            LineupItem item = lineup.get(i);
            int position = i + 1;
            if (item.isProduct()) {
                if (item.plannedSeconds() > MAX_PRODUCT_SECONDS) {
                    warnings.add(new Warning(Rule.PRODUCT_SLOT_OVER_3_MINUTES, List.of(position),
                            "position %d (%s) runs %d s; keep a product's slot within %d s".formatted(position,
                                    item.sku(), item.plannedSeconds(), MAX_PRODUCT_SECONDS)));
                }
                run.add(position);
            } else if (item.plannedSeconds() < MIN_BREAK_SECONDS) {
                // too short to reset the audience: the products around it still count as one run
                warnings.add(new Warning(Rule.BREAK_UNDER_2_MINUTES, List.of(position),
                        "position %d (%s) is %d s; an interaction break needs at least %d s to count".formatted(
                                position, item.kind(), item.plannedSeconds(), MIN_BREAK_SECONDS)));
            } else {
                closeRun(run, warnings);
            }
        }
        closeRun(run, warnings);
        return warnings;
    }

    private static void closeRun(List<Integer> run, List<Warning> warnings) {
        if (run.size() > MAX_PRODUCTS_IN_A_ROW) {
            warnings.add(new Warning(Rule.OVER_3_PRODUCTS_WITHOUT_BREAK, List.copyOf(run),
                    "positions %s are %d products in a row; break them up with a lottery or game of at least %d s at most every %d products"
                            .formatted(run, run.size(), MIN_BREAK_SECONDS, MAX_PRODUCTS_IN_A_ROW)));
        }
        run.clear();
    }
}
