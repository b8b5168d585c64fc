package io.storecast.contracts.network;

import java.time.Instant;

/**
 * A store joined the network; {@code dealerId} is null for a store HQ runs directly; city and
 * coordinates are optional.
 */
public record StoreRegistered(String storeId, String code, String name, String dealerId, Instant registeredAt,
                              String city, Double latitude, Double longitude) {
}
