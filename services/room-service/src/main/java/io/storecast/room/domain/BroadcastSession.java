package io.storecast.room.domain;

import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One broadcast in a room: {@code SCHEDULED → LIVE → ENDED}, nothing else. Its run-of-show lineup can be
 * replaced or reordered until it ends; while it is live one product at a time may be pinned, and every
 * pin is kept as a segment ({@code from} → {@code to}) so sales can be cut by what was being explained.
 */
public record BroadcastSession(String id, String roomId, String title, Instant scheduledStart, Status status,
                               Instant startedAt, Instant endedAt, List<LineupItem> lineup, List<Segment> segments) {

    public enum Status { SCHEDULED, LIVE, ENDED }

    /** A product pinned from {@code from} until {@code to} (null while it is still pinned). */
    public record Segment(String sku, Instant from, Instant to) {
        public boolean open() {
            return to == null;
        }
    }

    /** A lineup longer than this is not a broadcast. */
    public static final int MAX_LINEUP = 500;

    public BroadcastSession {
        lineup = List.copyOf(lineup);
        segments = List.copyOf(segments);
    }

    public static BroadcastSession schedule(String id, String roomId, String title, Instant scheduledStart) {
        if (title == null || title.isBlank()) {
            throw new InvalidFieldException("title", "title is required");
        }
        if (scheduledStart == null) {
            throw new InvalidFieldException("scheduledStart", "scheduledStart is required");
        }
        return new BroadcastSession(id, roomId, title, scheduledStart, Status.SCHEDULED, null, null, List.of(),
                List.of());
    }

    public BroadcastSession start(Instant at) {
        if (status != Status.SCHEDULED) {
            throw new ConflictException("status", "session " + id + " is " + status + "; only a SCHEDULED session can start");
        }
        return new BroadcastSession(id, roomId, title, scheduledStart, Status.LIVE, at, null, lineup, segments);
    }

    /** Ends a live session; a product still pinned has its segment closed at the end. */
    public BroadcastSession end(Instant at) {
        if (status != Status.LIVE) {
            throw new ConflictException("status", "session " + id + " is " + status + "; only a LIVE session can end");
        }
        return new BroadcastSession(id, roomId, title, scheduledStart, Status.ENDED, startedAt, at, lineup,
                closeOpen(at));
    }

    /** Replaces the whole lineup (before or during the broadcast). Slot ids must be unique. */
    public BroadcastSession withLineup(List<LineupItem> items) {
        requireNotEnded("the lineup");
        if (items.size() > MAX_LINEUP) {
            throw new InvalidFieldException("lineup", "a lineup holds at most " + MAX_LINEUP + " slots");
        }
        Set<String> ids = new HashSet<>();
        for (LineupItem item : items) {
            if (!ids.add(item.id())) {
                throw new InvalidFieldException("lineup", "slot id " + item.id() + " appears twice");
            }
        }
        return new BroadcastSession(id, roomId, title, scheduledStart, status, startedAt, endedAt, items, segments);
    }

    /** The same slots in a new order: {@code order} lists every slot id exactly once. */
    public BroadcastSession reorder(List<String> order) {
        requireNotEnded("the lineup");
        if (order.size() != lineup.size() || !new HashSet<>(order).equals(slotIds()) || new HashSet<>(order).size() != order.size()) {
            throw new InvalidFieldException("order", "order must list each of the " + lineup.size()
                    + " slot ids of the lineup exactly once: " + lineup.stream().map(LineupItem::id).toList());
        }
        List<LineupItem> reordered = order.stream()
                .map(slot -> lineup.stream().filter(i -> i.id().equals(slot)).findFirst().orElseThrow()).toList();
        return new BroadcastSession(id, roomId, title, scheduledStart, status, startedAt, endedAt, reordered, segments);
    }

    /** Pins a product of the lineup while live, closing the segment of the product pinned before it. */
    public BroadcastSession pin(String sku, Instant at) {
        requireLive("pin a product");
        if (lineup.stream().noneMatch(i -> i.isProduct() && i.sku().equals(sku))) {
            throw new InvalidFieldException("sku", "sku " + sku + " is not a product of this session's lineup");
        }
        List<Segment> next = new ArrayList<>(closeOpen(at));
        next.add(new Segment(sku, at, null));
        return new BroadcastSession(id, roomId, title, scheduledStart, status, startedAt, endedAt, lineup, next);
    }

    public BroadcastSession unpin(Instant at) {
        requireLive("unpin a product");
        if (pinned() == null) {
            throw new ConflictException("sku", "no product is pinned in session " + id);
        }
        return new BroadcastSession(id, roomId, title, scheduledStart, status, startedAt, endedAt, lineup,
                closeOpen(at));
    }

    /** The segment open now, or null. */
    public Segment pinned() {
        return segments.isEmpty() || !segments.getLast().open() ? null : segments.getLast();
    }

    public void requireLive(String what) {
        if (status != Status.LIVE) {
            throw new ConflictException("status", "session " + id + " is " + status + "; " + what + " needs it LIVE");
        }
    }

    public void requireScheduled(String what) {
        if (status != Status.SCHEDULED) {
            throw new ConflictException("status", "session " + id + " is " + status + "; " + what
                    + " is only possible before it starts");
        }
    }

    private void requireNotEnded(String what) {
        if (status == Status.ENDED) {
            throw new ConflictException("status", "session " + id + " has ENDED; " + what + " can no longer change");
        }
    }

    private Set<String> slotIds() {
        Set<String> ids = new HashSet<>();
        lineup.forEach(i -> ids.add(i.id()));
        return ids;
    }

    private List<Segment> closeOpen(Instant at) {
        Segment open = pinned();
        if (open == null) {
            return segments;
        }
        List<Segment> closed = new ArrayList<>(segments.subList(0, segments.size() - 1));
        closed.add(new Segment(open.sku(), open.from(), at));
        return closed;
    }
}
