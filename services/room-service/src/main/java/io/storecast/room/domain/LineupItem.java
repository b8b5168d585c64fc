package io.storecast.room.domain;

import io.storecast.platform.problems.InvalidFieldException;

/**
 * One slot of a session's run-of-show: a catalog product being explained, or an interaction break
 * (a lottery or a game). {@code id} names the slot for reordering; positions are 1-based.
 */
public record LineupItem(String id, Kind kind, String sku, int plannedSeconds) {

    public enum Kind { PRODUCT, LOTTERY, GAME }

    /** A slot longer than two hours is a typing mistake, not a plan. */
    public static final int MAX_SECONDS = 7_200;

    public LineupItem {
        String at = "lineup[" + id + "]";
        if (kind == null) {
            throw new InvalidFieldException(at + ".kind", "kind is required: PRODUCT, LOTTERY or GAME");
        }
        if (kind == Kind.PRODUCT && (sku == null || sku.isBlank())) {
            throw new InvalidFieldException(at + ".sku", "a PRODUCT slot names the catalog sku it explains");
        }
        if (kind != Kind.PRODUCT && sku != null) {
            throw new InvalidFieldException(at + ".sku", "a " + kind + " break has no sku");
        }
        if (plannedSeconds < 1 || plannedSeconds > MAX_SECONDS) {
            throw new InvalidFieldException(at + ".plannedSeconds",
                    "plannedSeconds must be between 1 and " + MAX_SECONDS);
        }
    }

    public boolean isProduct() {
        return kind == Kind.PRODUCT;
    }
}
