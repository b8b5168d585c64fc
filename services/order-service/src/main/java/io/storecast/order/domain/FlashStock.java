package io.storecast.order.domain;

import io.storecast.platform.problems.InvalidFieldException;

import java.time.Instant;
import java.util.List;

/**
 * The flash-sale stock of one SKU in one broadcast session: {@code allocated} units in all (top-ups included),
 * {@code remaining} on sale, at most {@code perCustomerLimit} units per customer (0: no limit).
 * {@code holds} are the changes in flight: units taken by a checkout round whose orders are being written, or
 * units given back by a cancelled order whose flag is being set. A hold that outlives its writer (a crash)
 * is settled by the recovery sweep, so stock is neither lost nor sold twice.
 */
public record FlashStock(String sessionId, String sku, long allocated, long remaining, int perCustomerLimit,
                         long version, List<Hold> holds) {

    public static final int MAX_LIMIT = 10_000;

    /** {@code holdId} is {@code take:<round>} or {@code return:<orderId>}. */
    public record Hold(String holdId, Instant at, List<Unit> units) {
    }

    /** {@code customerId} is null for a return. */
    public record Unit(String orderId, String customerId, int quantity) {
    }

    public FlashStock {
        holds = holds == null ? List.of() : List.copyOf(holds);
    }

    public static FlashStock allocate(String sessionId, String sku, long units, int perCustomerLimit) {
        requireUnits(units);
        requireLimit(perCustomerLimit);
        return new FlashStock(sessionId, sku, units, units, perCustomerLimit, 0, List.of());
    }

    public static void requireUnits(long units) {
        if (units < 1 || units > 100_000_000) {
            throw new InvalidFieldException("units", "units must be 1 to 100000000, was " + units, 400);
        }
    }

    public static void requireLimit(int perCustomerLimit) {
        if (perCustomerLimit < 0 || perCustomerLimit > MAX_LIMIT) {
            throw new InvalidFieldException("perCustomerLimit",
                    "perCustomerLimit must be 0 (no limit) to " + MAX_LIMIT + ", was " + perCustomerLimit, 400);
        }
    }

    /** Units taken off sale by orders (those of a round still being written included). */
    public long sold() {
        return allocated - remaining;
    }
}
