package io.storecast.distribution.application;

import java.time.Clock;
import java.time.Duration;

final class Defaults {

    /** The CloudEvents source of every event this service publishes. */
    static final String SOURCE = "store-distribution-service";
    /** Mongo keeps milliseconds; the clock ticks in milliseconds so events and documents agree. */
    static final Clock CLOCK = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));

    private Defaults() {
    }
}
