package io.storecast.room.application;

import io.storecast.platform.problems.UnavailableException;
import io.storecast.room.domain.Viewer;

import java.util.List;
import java.util.Optional;

/**
 * Each viewer's presence as the presence stream keeps it, wherever its partition lives. Throws {@link
 * PresenceUnavailableException} while the stream is not ready to answer (starting, rebalancing).
 */
public interface ViewerStates {

    Optional<Viewer> viewer(String sessionId, String customerId);

    /** Every viewer of the session who is present now, across all instances. */
    List<Viewer> present(String sessionId);

    final class PresenceUnavailableException extends UnavailableException {
        public PresenceUnavailableException(String message, Throwable cause) {
            super("Presence not ready", message, 2, cause);
        }
    }
}
