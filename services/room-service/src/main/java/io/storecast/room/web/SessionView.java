package io.storecast.room.web;

import io.storecast.room.domain.BroadcastSession;
import io.storecast.room.domain.BroadcastSession.Segment;
import io.storecast.room.domain.LineupItem;
import io.storecast.room.domain.RunOfShow;

import java.time.Instant;
import java.util.List;

/**
 * A session as clients see it: its lifecycle, the lineup with the 3-3-2 warnings it earns, the product
 * pinned now and every pin so far as a segment.
 */
public record SessionView(String id, String roomId, String title, Instant scheduledStart,
                          BroadcastSession.Status status, Instant startedAt, Instant endedAt, List<LineupItem> lineup,
                          List<RunOfShow.Warning> warnings, Segment pinned, List<Segment> segments) {

    static SessionView of(BroadcastSession s) {
        return new SessionView(s.id(), s.roomId(), s.title(), s.scheduledStart(), s.status(), s.startedAt(),
                s.endedAt(), s.lineup(), RunOfShow.check(s.lineup()), s.pinned(), s.segments());
    }
}
