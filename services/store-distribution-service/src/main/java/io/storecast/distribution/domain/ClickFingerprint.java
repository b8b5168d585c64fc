package io.storecast.distribution.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Clicks keep no raw IP address: only the hex SHA-256 of a secret salt followed by the address. */
public final class ClickFingerprint {

    private ClickFingerprint() {
    }

    public static String ipHash(String salt, String ip) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest((salt + ip).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
