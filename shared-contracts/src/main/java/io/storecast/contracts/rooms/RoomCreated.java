package io.storecast.contracts.rooms;

import java.time.Instant;

/** A live room. {@code ownerType} is {@code HQ} or {@code DEALER}; links redirect to {@code watchUrl}. */
public record RoomCreated(String roomId, String ownerType, String ownerId, String name, String watchUrl,
                          Instant createdAt) {
}
