package io.storecast.room.domain;

/**
 * A session's viewer counts as the presence stream keeps them: viewers watching now, the most ever
 * watching at once, and distinct customers who ever joined.
 */
public record SessionCount(long concurrent, long peak, long unique) {

    public static final SessionCount NONE = new SessionCount(0, 0, 0);

    public SessionCount add(int newViewers, int concurrentDelta) {
        long now = Math.max(0, concurrent + concurrentDelta);
        return new SessionCount(now, Math.max(peak, now), unique + newViewers);
    }
}
