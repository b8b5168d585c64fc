package io.storecast.distribution.domain;

import io.storecast.platform.problems.InvalidFieldException;

import java.time.Instant;

/**
 * A tracked link: who brought the traffic (owner, resolved to a store and its dealer) and which room
 * it leads to. {@code sessionId} and {@code expiresAt} are optional.
 */
public record TrackedLink(String code, OwnerType ownerType, String ownerId, String storeId, String dealerId,
                          String roomId, String sessionId, String channel, Instant issuedAt, Instant expiresAt) {

    public enum OwnerType { STORE, STAFF, DEALER }

    public TrackedLink {
        requireSupported(ownerType);
        Require.text("channel", channel);
    }

    /** Dealer links need dealer rooms and the dealer's traffic share; they come with issue 3. */
    public static void requireSupported(OwnerType ownerType) {
        if (ownerType == OwnerType.DEALER) {
            throw new InvalidFieldException("ownerType", "dealer links come later (issue 3); "
                    + "issue a STORE or STAFF link for now");
        }
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
