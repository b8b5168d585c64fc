package io.storecast.room.domain;

import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * A prize draw among a session's viewers that anyone can check afterwards. The seed is chosen at random
 * when the lottery is created and only its SHA-256 is published then; the draw uses that seed and the
 * eligible customers (sorted, duplicates removed), so nobody can pick a seed that favours someone after
 * seeing who is eligible. {@link #draw(String, List, int)} is the whole algorithm:
 *
 * <pre>
 * list = sorted distinct eligible customer ids
 * for i in 0 .. min(winners, size) - 1:
 *     for r in 0, 1, 2, ...:                      (rejection sampling: every index equally likely)
 *         x = first 8 bytes of SHA-256(seed + ":" + i + ":" + r) as a big-endian number, top bit cleared
 *         if x &lt; 2^63 - (2^63 mod (size - i)): break
 *     j = i + x mod (size - i)
 *     swap list[i] and list[j]
 * winners = list[0 .. min(winners, size))
 * </pre>
 *
 * A partial Fisher–Yates shuffle: no customer can be drawn twice.
 */
public record Lottery(String id, String sessionId, String prize, int winners, Eligibility eligibility,
                      String seed, String seedHash, Instant createdAt, Draw draw) {

    public enum Eligibility { ALL_VIEWERS, STORE_LINK_VIEWERS }

    /**
     * The outcome: who won, in draw order, and the eligible list (sorted) with its size and {@link
     * #listHash(List) hash}; {@code eligible} may be left empty when only the size and hash are at hand.
     */
    public record Draw(List<String> eligible, List<String> winners, Instant drawnAt, int eligibleCount,
                       String eligibleHash) {
    }

    public static final int MAX_WINNERS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static Lottery create(String id, String sessionId, String prize, int winners, Eligibility eligibility,
                                 Instant at) {
        if (prize == null || prize.isBlank()) {
            throw new InvalidFieldException("prize", "prize is required");
        }
        if (winners < 1 || winners > MAX_WINNERS) {
            throw new InvalidFieldException("winners", "winners must be between 1 and " + MAX_WINNERS);
        }
        if (eligibility == null) {
            throw new InvalidFieldException("eligibility", "eligibility is required: ALL_VIEWERS or STORE_LINK_VIEWERS");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String seed = HexFormat.of().formatHex(bytes);
        return new Lottery(id, sessionId, prize, winners, eligibility, seed, seedHash(seed), at, null);
    }

    public boolean drawn() {
        return draw != null;
    }

    public Lottery drawFrom(List<String> eligible, Instant at) {
        if (drawn()) {
            throw new ConflictException("status", "lottery " + id + " was drawn at " + draw.drawnAt());
        }
        List<String> list = sortedDistinct(eligible);
        return new Lottery(id, sessionId, prize, winners, eligibility, seed, seedHash, createdAt,
                new Draw(list, shuffle(seed, new ArrayList<>(list), winners), at, list.size(), hashOf(list)));
    }

    /** SHA-256 of the list as the draw used it: sorted distinct ids joined by a line feed. */
    public static String listHash(List<String> eligible) {
        return hashOf(sortedDistinct(eligible));
    }

    private static String hashOf(List<String> sorted) {
        return HexFormat.of().formatHex(sha256(String.join("\n", sorted)));
    }

    private static List<String> sortedDistinct(List<String> ids) {
        return List.copyOf(new TreeSet<>(ids));
    }

    /** Lowercase hex SHA-256 of the seed's UTF-8 bytes: what is published before the draw. */
    public static String seedHash(String seed) {
        return HexFormat.of().formatHex(sha256(seed));
    }

    /** The draw, see the class comment. Same seed and eligible list, same winners. */
    public static List<String> draw(String seed, List<String> eligible, int winners) {
        if (seed == null || seed.isEmpty()) {
            throw new InvalidFieldException("seed", "seed is required");
        }
        return shuffle(seed, new ArrayList<>(sortedDistinct(eligible)), winners);
    }

    /** The draw on a list already sorted and distinct; shuffles {@code list} in place. */
    private static List<String> shuffle(String seed, List<String> list, int winners) {
        int n = Math.min(winners, list.size());
        for (int i = 0; i < n; i++) {
            long range = list.size() - i;
            long limit = Long.MAX_VALUE - (Long.MAX_VALUE % range + 1) % range;   // largest multiple of range, minus 1
            long x;
            int r = 0;
            do {
                x = ByteBuffer.wrap(sha256(seed + ":" + i + ":" + r++)).getLong() & Long.MAX_VALUE;
            } while (x > limit);
            int j = i + (int) (x % range);
            String swap = list.get(i);
            list.set(i, list.get(j));
            list.set(j, swap);
        }
        return List.copyOf(list.subList(0, n));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
