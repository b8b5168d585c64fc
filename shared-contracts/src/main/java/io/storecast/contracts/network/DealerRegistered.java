package io.storecast.contracts.network;

import java.time.Instant;

/** A dealer joined the brand's distribution network. */
public record DealerRegistered(String dealerId, String code, String name, Instant registeredAt) {
}
