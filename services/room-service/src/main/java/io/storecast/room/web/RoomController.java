package io.storecast.room.web;

import io.storecast.room.application.RoomCommands;
import io.storecast.room.application.RoomCommands.Presence;
import io.storecast.room.domain.BroadcastSession;
import io.storecast.room.domain.Room;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

@RestController
public class RoomController {

    private final RoomCommands rooms;

    public RoomController(RoomCommands rooms) {
        this.rooms = rooms;
    }

    public record CreateRoom(@NotNull Room.OwnerType ownerType, String ownerId, @NotBlank @Size(max = 200) String name,
                             @NotBlank @Size(max = 2000) String watchUrl) {
    }

    public record ScheduleSession(@NotBlank @Size(max = 200) String title, @NotNull Instant scheduledStart) {
    }

    public record ViewerRequest(@NotBlank @Size(max = 128) String customerId, @Size(max = 64) String ref) {
    }

    @PostMapping("/rooms")
    @ResponseStatus(HttpStatus.CREATED)
    public Room create(@Valid @RequestBody CreateRoom r) {
        return rooms.createRoom(r.ownerType(), r.ownerId(), r.name(), r.watchUrl());
    }

    @GetMapping("/rooms/{roomId}")
    public Room room(@PathVariable String roomId) {
        return rooms.room(roomId);
    }

    @PostMapping("/rooms/{roomId}/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    public BroadcastSession schedule(@PathVariable String roomId, @Valid @RequestBody ScheduleSession s) {
        return rooms.schedule(roomId, s.title(), s.scheduledStart());
    }

    @GetMapping("/sessions/{sessionId}")
    public BroadcastSession session(@PathVariable String sessionId) {
        return rooms.session(sessionId);
    }

    @PostMapping("/sessions/{sessionId}/start")
    public BroadcastSession start(@PathVariable String sessionId) {
        return rooms.start(sessionId);
    }

    @PostMapping("/sessions/{sessionId}/end")
    public BroadcastSession end(@PathVariable String sessionId) {
        return rooms.end(sessionId);
    }

    @PostMapping("/sessions/{sessionId}/join")
    public Presence join(@PathVariable String sessionId, @Valid @RequestBody ViewerRequest v) {
        return rooms.join(sessionId, v.customerId(), v.ref());
    }

    @PostMapping("/sessions/{sessionId}/leave")
    public Presence leave(@PathVariable String sessionId, @Valid @RequestBody ViewerRequest v) {
        return rooms.leave(sessionId, v.customerId());
    }
}
