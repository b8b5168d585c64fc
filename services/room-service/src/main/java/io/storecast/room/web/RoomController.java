package io.storecast.room.web;

import io.storecast.room.application.RoomCommands;
import io.storecast.room.domain.Room;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** Rooms, their sessions, the run-of-show lineup and the pinned product. */
@RestController
public class RoomController {

    private final RoomCommands rooms;

    public RoomController(RoomCommands rooms) {
        this.rooms = rooms;
    }

    public record CreateRoom(@NotNull Room.OwnerType ownerType, @Size(max = 64) String ownerId,
                             @NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 2000) String watchUrl) {
    }

    /** Either field may be left out to keep it. */
    public record UpdateRoom(@Size(min = 1, max = 200) String name, @Size(min = 1, max = 2000) String watchUrl) {
    }

    public record ScheduleSession(@NotBlank @Size(max = 200) String title, @NotNull Instant scheduledStart,
                                  @Valid @Size(max = 500) List<Slot> lineup) {
    }

    public record Lineup(@NotNull @Valid @Size(max = 500) List<Slot> lineup) {
    }

    public record Reorder(@NotNull @Size(max = 500) List<@NotBlank String> order) {
    }

    public record Pin(@NotBlank @Size(max = 64) String sku) {
    }

    @PostMapping("/rooms")
    @ResponseStatus(HttpStatus.CREATED)
    public Room create(@Valid @RequestBody CreateRoom r) {
        return rooms.createRoom(r.ownerType(), r.ownerId(), r.name(), r.watchUrl());
    }

    @GetMapping("/rooms")
    public List<Room> rooms(@RequestParam(required = false) Room.OwnerType ownerType,
                            @RequestParam(required = false) String ownerId,
                            @RequestParam(defaultValue = "false") boolean includeArchived,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return rooms.rooms(ownerType, ownerId, includeArchived, limit);
    }

    @GetMapping("/rooms/{roomId}")
    public Room room(@PathVariable String roomId) {
        return rooms.room(roomId);
    }

    @PatchMapping("/rooms/{roomId}")
    public Room update(@PathVariable String roomId, @Valid @RequestBody UpdateRoom r) {
        return rooms.updateRoom(roomId, r.name(), r.watchUrl());
    }

    @PostMapping("/rooms/{roomId}/archive")
    public Room archive(@PathVariable String roomId) {
        return rooms.archiveRoom(roomId);
    }

    @PostMapping("/rooms/{roomId}/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    public SessionView schedule(@PathVariable String roomId, @Valid @RequestBody ScheduleSession s) {
        return SessionView.of(rooms.schedule(roomId, s.title(), s.scheduledStart(), Slot.toLineup(s.lineup())));
    }

    @GetMapping("/rooms/{roomId}/sessions")
    public List<SessionView> sessions(@PathVariable String roomId) {
        return rooms.sessions(roomId).stream().map(SessionView::of).toList();
    }

    @GetMapping("/sessions/{sessionId}")
    public SessionView session(@PathVariable String sessionId) {
        return SessionView.of(rooms.session(sessionId));
    }

    @PostMapping("/sessions/{sessionId}/start")
    public SessionView start(@PathVariable String sessionId) {
        return SessionView.of(rooms.start(sessionId));
    }

    @PostMapping("/sessions/{sessionId}/end")
    public SessionView end(@PathVariable String sessionId) {
        return SessionView.of(rooms.end(sessionId));
    }

    /** Replaces the lineup; the answer carries the 3-3-2 warnings. */
    @PutMapping("/sessions/{sessionId}/lineup")
    public SessionView lineup(@PathVariable String sessionId, @Valid @RequestBody Lineup l) {
        return SessionView.of(rooms.replaceLineup(sessionId, Slot.toLineup(l.lineup())));
    }

    /** The same slots in a new order, by slot id; the answer carries the 3-3-2 warnings. */
    @PostMapping("/sessions/{sessionId}/lineup/order")
    public SessionView reorder(@PathVariable String sessionId, @Valid @RequestBody Reorder r) {
        return SessionView.of(rooms.reorderLineup(sessionId, r.order()));
    }

    @PostMapping("/sessions/{sessionId}/pin")
    public SessionView pin(@PathVariable String sessionId, @Valid @RequestBody Pin p) {
        return SessionView.of(rooms.pin(sessionId, p.sku()));
    }

    @PostMapping("/sessions/{sessionId}/unpin")
    public SessionView unpin(@PathVariable String sessionId) {
        return SessionView.of(rooms.unpin(sessionId));
    }
}
