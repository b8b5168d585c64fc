package io.storecast.attribution.messaging;

import java.nio.charset.StandardCharsets;

/**
 * What moves a session's leaderboard and review, on the leaderboard stream's internal topics. {@code kind}: C
 * (click), V (viewer), R (reservation), O (order placed with a ref), P (an order credited to a store once paid, at
 * its placing time; {@code amount} negative when an adjustment takes it away; no store when it is credited to
 * none: it still sells in its segment, and its customer bought), S / U (a product pinned / unpinned:
 * {@code id} the sku, {@code at} the pin, {@code amount} the unpin time), E (the session ended). {@code code} is the
 * ref until the link is resolved to {@code storeId} (and {@code staffId} for a staff link); {@code id} is what makes
 * a fact count once (a click's visitor, link and hour, or its id without a visitor; customer id; order id).
 */
record BoardFact(char kind, String sessionId, String roomId, String code, String storeId, String staffId,
                 String customerId, String id, long amount, long at) {

    byte[] encode() {
        return String.join("\t", String.valueOf(kind), n(sessionId), n(roomId), n(code), n(storeId), n(staffId),
                n(customerId), n(id), Long.toString(amount), Long.toString(at)).getBytes(StandardCharsets.UTF_8);
    }

    static BoardFact decode(byte[] bytes) {
        String[] f = new String(bytes, StandardCharsets.UTF_8).split("\t", -1);
        return new BoardFact(f[0].charAt(0), v(f[1]), v(f[2]), v(f[3]), v(f[4]), v(f[5]), v(f[6]), v(f[7]),
                Long.parseLong(f[8]), Long.parseLong(f[9]));
    }

    BoardFact resolved(String sessionId, String storeId, String staffId) {
        return new BoardFact(kind, sessionId, roomId, code, storeId, staffId, customerId, id, amount, at);
    }

    BoardFact inRoom(String roomId) {
        return new BoardFact(kind, sessionId, roomId, code, storeId, staffId, customerId, id, amount, at);
    }

    private static String n(String s) {
        return s == null ? "" : s;
    }

    private static String v(String s) {
        return s.isEmpty() ? null : s;
    }
}
