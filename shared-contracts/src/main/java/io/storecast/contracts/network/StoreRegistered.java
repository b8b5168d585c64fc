package io.storecast.contracts.network;

import java.time.Instant;

/** A store joined the network; {@code dealerId} is null for a store HQ runs directly. */
public record StoreRegistered(String storeId, String code, String name, String dealerId, Instant registeredAt) {
}
