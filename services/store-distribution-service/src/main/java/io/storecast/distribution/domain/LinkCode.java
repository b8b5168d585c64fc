package io.storecast.distribution.domain;

import java.security.SecureRandom;

/**
 * Tracked link codes: 12 base62 characters from a cryptographically secure source (about 71 bits),
 * never derived from ids, so a code can be neither guessed nor enumerated.
 */
public final class LinkCode {

    public static final int LENGTH = 12;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private LinkCode() {
    }

    public static String generate() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }
}
