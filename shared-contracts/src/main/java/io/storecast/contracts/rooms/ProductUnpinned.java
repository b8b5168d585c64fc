package io.storecast.contracts.rooms;

import java.time.Instant;

/** The segment of {@code sku} pinned at {@code pinnedAt} closed at {@code unpinnedAt}. */
public record ProductUnpinned(String sessionId, String roomId, String sku, Instant pinnedAt, Instant unpinnedAt) {
}
