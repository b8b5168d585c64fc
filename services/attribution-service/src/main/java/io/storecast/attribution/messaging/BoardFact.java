package io.storecast.attribution.messaging;

import java.nio.charset.StandardCharsets;

/**
 * What moves a leaderboard, on the leaderboard stream's internal topics: {@code kind} C (click), V (viewer), R
 * (reservation), O (order placed with a ref), P (an order credited to a store once paid; {@code amount} negative
 * when an adjustment takes it away). {@code code} is the ref until the link is resolved, {@code storeId} after;
 * {@code id} is what makes it count once (click id, customer id, order id).
 */
record BoardFact(char kind, String sessionId, String roomId, String code, String storeId, String id, long amount,
                 long at) {

    byte[] encode() {
        return String.join("\t", String.valueOf(kind), n(sessionId), n(roomId), n(code), n(storeId), id,
                Long.toString(amount), Long.toString(at)).getBytes(StandardCharsets.UTF_8);
    }

    static BoardFact decode(byte[] bytes) {
        String[] f = new String(bytes, StandardCharsets.UTF_8).split("\t", -1);
        return new BoardFact(f[0].charAt(0), v(f[1]), v(f[2]), v(f[3]), v(f[4]), f[5], Long.parseLong(f[6]),
                Long.parseLong(f[7]));
    }

    BoardFact resolved(String sessionId, String storeId) {
        return new BoardFact(kind, sessionId, roomId, code, storeId, id, amount, at);
    }

    BoardFact inRoom(String roomId) {
        return new BoardFact(kind, sessionId, roomId, code, storeId, id, amount, at);
    }

    private static String n(String s) {
        return s == null ? "" : s;
    }

    private static String v(String s) {
        return s.isEmpty() ? null : s;
    }
}
