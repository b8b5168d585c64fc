package io.storecast.contracts.network;

import java.time.Instant;

/** A dealer's full state after an update or deactivation. */
public record DealerChanged(String dealerId, String code, String name, boolean active, Instant changedAt) {
}
