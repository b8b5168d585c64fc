package io.storecast.distribution.domain;

import java.net.URI;

/** Links only ever redirect to an absolute http(s) URL, whatever a room record says. */
public final class WatchUrl {

    private WatchUrl() {
    }

    public static boolean isSafeRedirectTarget(String url) {
        try {
            URI u = URI.create(url == null ? "" : url);
            return ("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
