package io.storecast.order.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The signature a payment provider puts on its callback: header
 * {@code Storecast-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the shared secret>}.
 * The time is signed with the body, and a signature older (or newer) than the tolerance is refused, so a
 * captured callback cannot be replayed later; the comparison takes constant time.
 */
public final class PaymentSignature {

    public static final String HEADER = "Storecast-Signature";

    private final byte[] secret;
    private final Duration tolerance;

    public PaymentSignature(String secret, Duration tolerance) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the payment callback secret must be at least 16 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.tolerance = tolerance;
    }

    /** The header value for {@code body} signed at {@code at}: what a provider (or a test, or the demo) sends. */
    public String sign(byte[] body, Instant at) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(t, body));
    }

    /** Why {@code header} does not sign {@code body} at {@code now}, or null when it does. */
    public String problem(String header, byte[] body, Instant now) {
        if (header == null || header.isBlank()) {
            return "the callback carries no " + HEADER + " header";
        }
        Long t = null;
        byte[] given = null;
        for (String part : header.split(",")) {
            String p = part.trim();
            try {
                if (p.startsWith("t=")) {
                    t = Long.parseLong(p.substring(2));
                } else if (p.startsWith("v1=")) {
                    given = HexFormat.of().parseHex(p.substring(3));
                }
            } catch (IllegalArgumentException e) {
                return HEADER + " is malformed";
            }
        }
        if (t == null || given == null) {
            return HEADER + " must be t=<unix seconds>,v1=<hex HMAC-SHA256>";
        }
        // compared in seconds: a time far outside Instant's range is refused, not thrown
        if (Math.abs((double) now.getEpochSecond() - t) > tolerance.toSeconds()) {
            return "the signature's time " + t + " (unix seconds) is more than " + tolerance.toSeconds()
                    + " s from now";
        }
        return MessageDigest.isEqual(mac(t, body), given) ? null : "the signature does not match the body";
    }

    private byte[] mac(long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
