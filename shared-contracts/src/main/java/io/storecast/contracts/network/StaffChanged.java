package io.storecast.contracts.network;

import java.time.Instant;

/** A staff member's full state after an update or deactivation. */
public record StaffChanged(String staffId, String storeId, String name, String shopperCustomerId, boolean active,
                           Instant changedAt) {
}
