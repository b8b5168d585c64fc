package io.storecast.attribution.application;

import io.storecast.attribution.domain.BoardRow;

import java.util.List;
import java.util.Optional;

/**
 * The session boards as the leaderboard stream counts them right now, read where it keeps them (interactive queries)
 * rather than from their copy in Mongo: the live board is as fresh as the stream, however busy the database is.
 */
public interface LiveBoards {

    /** The session's store lines, from whichever instance holds the session; empty when none can answer now. */
    Optional<List<BoardRow>> stores(String sessionId);

    /** The session's store lines when this instance holds the session; empty when it does not (or cannot tell). */
    Optional<List<BoardRow>> localStores(String sessionId);
}
