package io.storecast.distribution.domain;


import java.time.Instant;

/**
 * A tracked link: who brought the traffic (owner, resolved to a store and its dealer — or the dealer
 * itself for a dealer link, whose {@code storeId} is null) and which room it leads to.
 * {@code sessionId}, {@code expiresAt} and {@code revokedAt} are optional.
 */
public record TrackedLink(String code, OwnerType ownerType, String ownerId, String storeId, String dealerId,
                          String roomId, String sessionId, String channel, Instant issuedAt, Instant expiresAt,
                          Instant revokedAt) {

    public enum OwnerType { STORE, STAFF, DEALER }

    /** What following the link does now. */
    public enum State { ACTIVE, EXPIRED, REVOKED, OWNER_INACTIVE, ROOM_ARCHIVED }

    public TrackedLink {
        Require.text("channel", channel);
        if ((ownerType == OwnerType.DEALER) != (storeId == null)) {
            throw new IllegalArgumentException("a dealer link has no store; a store or staff link has one");
        }
    }

    public TrackedLink revoke(Instant at) {
        return revokedAt != null ? this : new TrackedLink(code, ownerType, ownerId, storeId, dealerId, roomId,
                sessionId, channel, issuedAt, expiresAt, at);
    }

    /** Revoked beats expired beats a deactivated owner: the most final reason is the one shoppers see. */
    public State stateAt(Instant now, boolean ownerActive) {
        if (revokedAt != null && !revokedAt.isAfter(now)) {
            return State.REVOKED;
        }
        if (isExpiredAt(now)) {
            return State.EXPIRED;
        }
        return ownerActive ? State.ACTIVE : State.OWNER_INACTIVE;
    }

    /** Expired from the instant {@code expiresAt} on; a link without {@code expiresAt} never expires. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** The URL shoppers follow, e.g. {@code https://go.example.com/l/Ab3dE5gH9kLm}. */
    public String shareUrl(String publicBaseUrl) {
        return stripTrailingSlash(publicBaseUrl) + "/l/" + code;
    }

    public String qrPngUrl(String publicBaseUrl) {
        return stripTrailingSlash(publicBaseUrl) + "/links/" + code + "/qr.png";
    }

    /**
     * Where {@code GET /l/{code}} sends the shopper: the room's watch URL (from our own room record)
     * carrying {@code ref=<code>}, added to an existing query string and kept before any fragment.
     */
    public String redirectTarget(String watchUrl) {
        int hash = watchUrl.indexOf('#');
        String base = hash < 0 ? watchUrl : watchUrl.substring(0, hash);
        String fragment = hash < 0 ? "" : watchUrl.substring(hash);
        String separator = "&";
        if (!base.contains("?")) {
            separator = "?";
        } else if (base.endsWith("?") || base.endsWith("&")) {
            separator = "";
        }
        return base + separator + "ref=" + code + fragment;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
