package io.storecast.contracts.rooms;

import java.time.Instant;

/**
 * A room's name or watch URL changed, or it was archived: the whole room as it now is. Links keep
 * redirecting to {@code watchUrl}; an archived room takes no new sessions and its links answer 410.
 */
public record RoomChanged(String roomId, String ownerType, String ownerId, String name, String watchUrl,
                          boolean archived, Instant changedAt) {
}
