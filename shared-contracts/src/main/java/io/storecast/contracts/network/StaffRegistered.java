package io.storecast.contracts.network;

import java.time.Instant;

/**
 * A staff member of one store. {@code shopperCustomerId} is their own customer account, if known;
 * the self-purchase rule compares it with an order's customer.
 */
public record StaffRegistered(String staffId, String storeId, String name, String shopperCustomerId,
                              Instant registeredAt) {
}
