package io.storecast.contracts.orders;

import java.time.Instant;
import java.util.List;

/** A customer placed an order; {@code ref} is the tracked link code it carries, if any (a CHECKOUT touch). */
public record OrderPlaced(String orderId, String clientOrderId, String customerId, String sessionId, String ref,
                          List<OrderLine> lines, long total, String currency, Instant placedAt) {
}
