package io.storecast.order.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The order id is derived from the customer and their client order id, so every retry of one checkout
 * targets the same document and the unique {@code _id} lets only one of them create it.
 */
public final class OrderIds {

    private OrderIds() {
    }

    public static String of(String customerId, String clientOrderId) {
        // length prefix: ("a:b", "c") and ("a", "b:c") must not meet
        String input = customerId.length() + ":" + customerId + ":" + clientOrderId;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
            return "ord-" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
