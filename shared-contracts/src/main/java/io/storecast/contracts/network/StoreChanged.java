package io.storecast.contracts.network;

import java.time.Instant;

/**
 * A store's full state after an update or deactivation; consumers replace what they knew.
 * A deactivated store's links stop working; coordinates are optional.
 */
public record StoreChanged(String storeId, String code, String name, String city, Double latitude, Double longitude,
                           String dealerId, boolean active, Instant changedAt) {
}
