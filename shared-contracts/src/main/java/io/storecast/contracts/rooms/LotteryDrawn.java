package io.storecast.contracts.rooms;

import java.time.Instant;
import java.util.List;

/**
 * A lottery was drawn: the seed behind the published hash, how many customers were eligible and the
 * SHA-256 of their list (sorted ids joined by a line feed; the list itself is served by room-service at
 * {@code GET /lotteries/{id}/eligible}, it can be far larger than an event), and the winners in draw
 * order. Anyone can repeat the draw from these and get the same winners (see docs/services/room.md).
 */
public record LotteryDrawn(String lotteryId, String sessionId, String roomId, String prize, String seed,
                           String seedHash, int eligibleCount, String eligibleHash, List<String> winners,
                           Instant drawnAt) {
}
