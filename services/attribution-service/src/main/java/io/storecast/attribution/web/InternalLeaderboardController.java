package io.storecast.attribution.web;

import io.storecast.attribution.application.LiveBoards;
import io.storecast.attribution.domain.BoardRow;
import io.storecast.platform.problems.NotFoundException;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * What this instance's partitions of the leaderboard stream hold, for the other attribution-service instances
 * ({@link LiveBoards}); not part of the public API.
 */
@Hidden
@RestController
class InternalLeaderboardController {

    private final LiveBoards live;

    InternalLeaderboardController(LiveBoards live) {
        this.live = live;
    }

    /** The session's store lines; 404 when this instance does not hold the session (any more). */
    @GetMapping("/internal/leaderboard/sessions/{sessionId}/stores")
    List<BoardRow> stores(@PathVariable String sessionId) {
        return live.localStores(sessionId).orElseThrow(() -> new NotFoundException("live board of session",
                sessionId));
    }
}
