package io.storecast.contracts.rooms;

import java.time.Instant;

/**
 * The host started explaining {@code sku}: from {@code pinnedAt} until the next pin, unpin or the session's
 * end, sales of the session belong to this product's segment.
 */
public record ProductPinned(String sessionId, String roomId, String sku, Instant pinnedAt) {
}
