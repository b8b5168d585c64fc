package io.storecast.distribution.domain;

import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;

/**
 * Units of one SKU at one store: {@code onHand} in the store, {@code reserved} of them held for orders the
 * store ships. {@code available = onHand − reserved} is what a new order can take; it never goes below 0.
 */
public record StoreStock(String storeId, String sku, long onHand, long reserved) {

    /** The same SKU rule order-service's catalog applies. */
    public static final String SKU_PATTERN = "[A-Za-z0-9._-]{1,64}";
    /** A bound far above any real shelf, so no sum of units can overflow. */
    public static final long MAX_UNITS = 1_000_000_000L;

    public static StoreStock none(String storeId, String sku) {
        return new StoreStock(storeId, sku, 0, 0);
    }

    public long available() {
        return onHand - reserved;
    }

    public static void requireSku(String sku) {
        if (sku == null || !sku.matches(SKU_PATTERN)) {
            throw new InvalidFieldException("sku", "sku must be 1 to 64 of A-Z a-z 0-9 . _ -", 400);
        }
    }

    /** A count of the shelf: the new on-hand figure, which cannot drop below what orders already hold. */
    public StoreStock withOnHand(long units) {
        if (units < 0 || units > MAX_UNITS) {
            throw new InvalidFieldException("onHand", "onHand must be between 0 and " + MAX_UNITS, 400);
        }
        if (units < reserved) {
            throw new ConflictException("onHand", "onHand " + units + " is below the " + reserved
                    + " units of " + sku + " reserved for orders at " + storeId);
        }
        return new StoreStock(storeId, sku, units, reserved);
    }

    /** Goods received (positive) or written off (negative); never below zero nor below what is reserved. */
    public StoreStock adjustedBy(long delta) {
        if (delta == 0 || delta < -MAX_UNITS || delta > MAX_UNITS) {
            throw new InvalidFieldException("delta", "delta must be non-zero and between -" + MAX_UNITS + " and "
                    + MAX_UNITS, 400);
        }
        long result = onHand + delta;
        if (result < reserved) {
            throw new ConflictException("delta", "delta " + delta + " would leave " + result + " of " + sku
                    + " on hand at " + storeId + ", below the " + reserved + " units reserved for orders");
        }
        if (result > MAX_UNITS) {
            throw new ConflictException("delta", "delta " + delta + " would take " + sku + " at " + storeId
                    + " above " + MAX_UNITS + " units");
        }
        return new StoreStock(storeId, sku, result, reserved);
    }
}
