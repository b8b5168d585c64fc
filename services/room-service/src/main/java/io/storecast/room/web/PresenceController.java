package io.storecast.room.web;

import io.storecast.room.application.PresenceReadModel;
import io.storecast.room.application.SessionCounts;
import io.storecast.room.application.SessionCounts.RefCount;
import io.storecast.room.application.PresenceReadModel.ViewerView;
import io.storecast.room.application.Reservations;
import io.storecast.room.application.Reservations.Reservation;
import io.storecast.room.application.Reservations.Reserver;
import io.storecast.room.application.RoomCommands;
import io.storecast.room.domain.BroadcastSession;
import io.storecast.room.domain.SessionCount;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Reservations and what joins and leaves add up to (joins and leaves themselves: {@link PresenceFilter}). */
@RestController
public class PresenceController {

    /** Customer ids and refs are opaque, but printable and short. */
    static final String TOKEN = "[A-Za-z0-9_.:@-]+";
    static final int MAX_CUSTOMER_ID = 128;
    static final int MAX_REF = 64;

    private final PresenceReadModel readModel;
    private final SessionCounts counts;
    private final Reservations reservations;
    private final RoomCommands rooms;

    public PresenceController(PresenceReadModel readModel, SessionCounts counts, Reservations reservations,
                              RoomCommands rooms) {
        this.readModel = readModel;
        this.counts = counts;
        this.reservations = reservations;
        this.rooms = rooms;
    }

    public record ViewerRequest(@NotBlank @Size(max = MAX_CUSTOMER_ID) @Pattern(regexp = TOKEN) String customerId,
                                @Size(max = MAX_REF) @Pattern(regexp = TOKEN) String ref) {
    }

    public record Stats(String sessionId, BroadcastSession.Status status, long concurrentViewers, long peakViewers,
                        long uniqueViewers, long reservations, List<RefCount> joinsByRef) {
    }

    @PostMapping("/sessions/{sessionId}/reservations")
    public ResponseEntity<Reservation> reserve(@PathVariable String sessionId, @Valid @RequestBody ViewerRequest v) {
        Reservations.Reserved r = reservations.reserve(sessionId, v.customerId(), v.ref());
        return ResponseEntity.status(r.created() ? HttpStatus.CREATED : HttpStatus.OK).body(r.reservation());
    }

    /** The customers a store's links (its own and its staff's) brought to reserve: its reminder list. */
    @GetMapping("/sessions/{sessionId}/reservations")
    public List<Reserver> reservers(@PathVariable String sessionId, @RequestParam @NotBlank String storeId) {
        return reservations.reservers(sessionId, storeId);
    }

    @GetMapping("/sessions/{sessionId}/viewers/{customerId}")
    public ViewerView viewer(@PathVariable String sessionId, @PathVariable String customerId) {
        return readModel.viewer(rooms.session(sessionId), customerId);
    }

    @GetMapping("/sessions/{sessionId}/stats")
    public Stats stats(@PathVariable String sessionId) {
        BroadcastSession s = rooms.session(sessionId);
        SessionCount c = counts.counts(s);
        return new Stats(sessionId, s.status(), c.concurrent(), c.peak(), c.unique(), reservations.count(sessionId),
                counts.joinsByRef(sessionId));
    }
}
