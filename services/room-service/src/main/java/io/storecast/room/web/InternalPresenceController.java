package io.storecast.room.web;

import io.storecast.room.domain.Viewer;
import io.storecast.room.messaging.PresenceQueries;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * What this instance's partitions of the presence stream hold, for the other room-service instances
 * ({@link PresenceQueries}); not part of the public API.
 */
@Hidden
@RestController
class InternalPresenceController {

    private final PresenceQueries queries;

    InternalPresenceController(PresenceQueries queries) {
        this.queries = queries;
    }

    /** The viewer as a list of zero or one, so "not here" needs no error status. */
    @GetMapping("/internal/presence/sessions/{sessionId}/viewers/{customerId}")
    List<Viewer> viewer(@PathVariable String sessionId, @PathVariable String customerId) {
        return queries.localViewer(sessionId, customerId).stream().toList();
    }

    @GetMapping("/internal/presence/sessions/{sessionId}/present")
    List<Viewer> present(@PathVariable String sessionId) {
        return queries.localPresent(sessionId);
    }
}
