package io.storecast.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.contracts.Topics;

/**
 * How many of a topic's records a consumer dead-lettered, and where to: {@code
 * storecast_events_dead_lettered_total{topic, dlt}}. A service may read a topic in several consumers (attribution reads
 * the orders in its decision stream and its leaderboard), each with a dead-letter topic of its own; {@code dlt} names
 * the one to inspect and replay. Every consumer registers its topics' counts when it is built, at 0, so an alert on
 * their increase sees the first one.
 */
public final class DeadLettered {

    private DeadLettered() {
    }

    /**
     * The count of {@code topic}'s records dead-lettered by {@code consumerGroup}, to its dead-letter topic
     * ({@link Topics#deadLetter}), registered on first call.
     */
    public static Counter counter(MeterRegistry meters, String topic, String consumerGroup) {
        return meters.counter("storecast.events.dead-lettered", "topic", topic, "dlt",
                Topics.deadLetter(topic, consumerGroup));
    }
}
