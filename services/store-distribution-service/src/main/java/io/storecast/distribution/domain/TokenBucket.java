package io.storecast.distribution.domain;

/**
 * A token bucket: up to {@code burst} requests at once, refilled at {@code perSecond}. Kept in exact
 * integer units (one token = 10⁹ units, refilled {@code perSecond} units per nanosecond); time comes in
 * as nanoseconds from the caller, so the rule is testable without sleeping.
 */
public final class TokenBucket {

    private static final long TOKEN = 1_000_000_000L;

    private final long perSecond;
    private final long capacity;
    private long units;
    private long lastNanos;

    public TokenBucket(long perSecond, long burst, long nowNanos) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("perSecond must be > 0 and burst >= 1");
        }
        this.perSecond = perSecond;
        this.capacity = Math.multiplyExact(burst, TOKEN);
        this.units = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryTake(long nowNanos) {
        long elapsed = Math.max(0, nowNanos - lastNanos);
        lastNanos = Math.max(lastNanos, nowNanos);
        // elapsed * perSecond cannot usefully exceed the capacity; cap before multiplying to avoid overflow
        long refill = elapsed >= capacity / perSecond ? capacity : elapsed * perSecond;
        units = Math.min(capacity, units + refill);
        if (units >= TOKEN) {
            units -= TOKEN;
            return true;
        }
        return false;
    }
}
