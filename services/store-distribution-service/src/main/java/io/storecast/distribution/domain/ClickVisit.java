package io.storecast.distribution.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Funnels count a visitor once per link per hour (PRODUCT.md): the clock hour a click falls in, its link
 * and its visitor make the key, so every further click of that visitor on that link in that hour maps
 * to the same key and counts nothing new. Raw clicks are kept apart.
 */
public final class ClickVisit {

    private ClickVisit() {
    }

    public static Instant hourOf(Instant clickedAt) {
        return clickedAt.truncatedTo(ChronoUnit.HOURS);
    }

    public static String key(String code, String visitorId, Instant clickedAt) {
        return code + ":" + hourOf(clickedAt).getEpochSecond() / 3600 + ":" + visitorId;
    }
}
