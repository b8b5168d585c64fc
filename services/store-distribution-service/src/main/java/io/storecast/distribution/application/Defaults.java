package io.storecast.distribution.application;

final class Defaults {

    /** The CloudEvents source of every event this service publishes. */
    static final String SOURCE = "store-distribution-service";

    private Defaults() {
    }
}
