package io.storecast.distribution.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Funnels count a visitor once per link per hour (PRODUCT.md): the clock hour a click falls in, its link
 * and its visitor make the key, so every further click of that visitor on that link in that hour maps
 * to the same key and counts nothing new. Raw clicks are counted apart, each click id once.
 *
 * <p>Keys start with the hour, zero-padded, so that they sort by time and whole past hours can be
 * dropped as one key range once no redelivery can reach them any more.
 */
public final class ClickVisit {

    private ClickVisit() {
    }

    public static Instant hourOf(Instant clickedAt) {
        return clickedAt.truncatedTo(ChronoUnit.HOURS);
    }

    /** Hours since the epoch, ten digits: sorts as text the way it sorts as time. */
    public static String hourKey(Instant at) {
        return String.format("%010d", Math.floorDiv(at.getEpochSecond(), 3600));
    }

    /** The visitor-hour: the same for every click of one visitor on one link in one clock hour. */
    public static String visitKey(String code, String visitorId, Instant clickedAt) {
        return hourKey(clickedAt) + ":v:" + code + ":" + visitorId;
    }

    /** One click, whatever number of times its event is delivered. */
    public static String clickKey(String clickId, Instant clickedAt) {
        return hourKey(clickedAt) + ":c:" + clickId;
    }

    /** The counters of one link in one clock hour. */
    public static String countKey(String code, Instant clickedAt) {
        return code + ":" + hourKey(clickedAt);
    }
}
