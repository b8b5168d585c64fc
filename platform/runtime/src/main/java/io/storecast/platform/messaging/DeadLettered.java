package io.storecast.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How many of a topic's records a consumer dead-lettered: {@code storecast_events_dead_lettered_total{topic}}. Every
 * consumer registers its topics' counts when it is built, at 0, so an alert on their increase sees the first one.
 */
public final class DeadLettered {

    private DeadLettered() {
    }

    /** The count of {@code topic}'s dead-lettered records, registered on first call. */
    public static Counter counter(MeterRegistry meters, String topic) {
        return meters.counter("storecast.events.dead-lettered", "topic", topic);
    }
}
