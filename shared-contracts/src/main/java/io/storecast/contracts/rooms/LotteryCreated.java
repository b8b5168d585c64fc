package io.storecast.contracts.rooms;

import java.time.Instant;

/**
 * A lottery was announced. {@code seedHash} is the lowercase hex SHA-256 of the seed that will draw it,
 * fixed and published now so nobody can choose the seed after seeing who is eligible. {@code eligibility}
 * is {@code ALL_VIEWERS} or {@code STORE_LINK_VIEWERS}.
 */
public record LotteryCreated(String lotteryId, String sessionId, String roomId, String prize, int winners,
                             String eligibility, String seedHash, Instant createdAt) {
}
