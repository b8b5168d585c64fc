package io.storecast.room.domain;

import java.time.Duration;
import java.time.Instant;

/** Whole seconds watched between a join and a leave; never negative. */
public final class WatchTime {

    private WatchTime() {
    }

    public static long seconds(Instant joinedAt, Instant leftAt) {
        if (joinedAt == null || leftAt == null || leftAt.isBefore(joinedAt)) {
            return 0;
        }
        return Duration.between(joinedAt, leftAt).toSeconds();
    }
}
