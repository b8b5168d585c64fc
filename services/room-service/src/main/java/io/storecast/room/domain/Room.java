package io.storecast.room.domain;

import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;

import java.net.URI;
import java.time.Instant;

/**
 * A live room: who owns it and where its video is watched. Tracked links redirect to {@code watchUrl}.
 * An archived room keeps its history but takes no new sessions and no changes.
 */
public record Room(String id, OwnerType ownerType, String ownerId, String name, String watchUrl, Instant createdAt,
                   Instant archivedAt) {

    public enum OwnerType { HQ, DEALER }

    public Room {
        if (ownerType == null) {
            throw new InvalidFieldException("ownerType", "ownerType is required: HQ or DEALER");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("name", "name is required");
        }
        if (ownerType == OwnerType.DEALER && (ownerId == null || ownerId.isBlank())) {
            throw new InvalidFieldException("ownerId", "a dealer room needs the dealer's id in ownerId");
        }
        if (ownerType == OwnerType.HQ && ownerId != null) {
            throw new InvalidFieldException("ownerId", "an HQ room has no ownerId");
        }
        requireWebUrl(watchUrl);
    }

    public static Room create(String id, OwnerType ownerType, String ownerId, String name, String watchUrl,
                              Instant at) {
        return new Room(id, ownerType, ownerId, name, watchUrl, at, null);
    }

    public boolean archived() {
        return archivedAt != null;
    }

    /** A new name or watch URL (either may be null for "unchanged"). */
    public Room update(String newName, String newWatchUrl) {
        requireOpen();
        return new Room(id, ownerType, ownerId, newName == null ? name : newName,
                newWatchUrl == null ? watchUrl : newWatchUrl, createdAt, null);
    }

    public Room archive(Instant at) {
        requireOpen();
        return new Room(id, ownerType, ownerId, name, watchUrl, createdAt, at);
    }

    public void requireOpen() {
        if (archived()) {
            throw new ConflictException("archivedAt", "room " + id + " is archived");
        }
    }

    static void requireWebUrl(String url) {
        try {
            URI u = URI.create(url == null ? "" : url);
            if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
                throw new InvalidFieldException("watchUrl", "watchUrl must be an absolute http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("watchUrl", "watchUrl must be an absolute http(s) URL");
        }
    }
}
