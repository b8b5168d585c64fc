package io.storecast.room.domain;

import io.storecast.platform.problems.InvalidFieldException;

import java.net.URI;
import java.time.Instant;

/** A live room: who owns it and where its video is watched. Tracked links redirect to {@code watchUrl}. */
public record Room(String id, OwnerType ownerType, String ownerId, String name, String watchUrl, Instant createdAt) {

    public enum OwnerType { HQ, DEALER }

    public Room {
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
