package io.storecast.room.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One customer in one session, as their joins and departures say: whether they are watching now, since
 * when, how long they watched before, and every ref they came through. A customer who joins twice is
 * still one viewer; one who leaves and comes back adds the new stint to the time already watched.
 * Events are applied in the order of the customer's partition; a redelivered event (same id) changes
 * nothing.
 */
public record Viewer(String sessionId, String customerId, boolean present, Instant joinedAt, long watchedMillis,
                     List<String> refs, List<String> recentEvents) {

    /** Event ids remembered per viewer to drop redeliveries. */
    static final int REMEMBERED_EVENTS = 32;

    public Viewer {
        refs = List.copyOf(refs);
        recentEvents = List.copyOf(recentEvents);
    }

    /** What one event did: the viewer after it and what the session's counts gain. */
    public record Change(Viewer viewer, boolean changed, int newViewers, int concurrentDelta, String newRef) {
    }

    public static Change firstJoin(String sessionId, String customerId, String eventId, Instant at, String ref) {
        Viewer none = new Viewer(sessionId, customerId, false, null, 0, List.of(), List.of());
        Change c = none.join(eventId, at, ref);
        return new Change(c.viewer(), true, 1, c.concurrentDelta(), c.newRef());
    }

    public Change join(String eventId, Instant at, String ref) {
        if (recentEvents.contains(eventId)) {
            return unchanged();
        }
        String newRef = ref != null && !refs.contains(ref) ? ref : null;
        List<String> nextRefs = new ArrayList<>(refs);
        if (newRef != null) {
            nextRefs.add(newRef);
        }
        // joining again while watching (a second device, another link) continues the same stint
        Viewer next = new Viewer(sessionId, customerId, true, present ? joinedAt : at, watchedMillis, nextRefs,
                remember(eventId));
        return new Change(next, true, 0, present ? 0 : 1, newRef);
    }

    public Change depart(String eventId, Instant at) {
        if (recentEvents.contains(eventId) || !present) {
            return recentEvents.contains(eventId) ? unchanged()
                    : new Change(new Viewer(sessionId, customerId, false, joinedAt, watchedMillis, refs,
                    remember(eventId)), true, 0, 0, null);
        }
        long stint = Math.max(0, Duration.between(joinedAt, at).toMillis());
        return new Change(new Viewer(sessionId, customerId, false, joinedAt, watchedMillis + stint, refs,
                remember(eventId)), true, 0, -1, null);
    }

    /**
     * Whole seconds watched by {@code now}: the finished stints plus the current one, which counts at most
     * until the session ended.
     */
    public long watchedSeconds(Instant now, Instant sessionEndedAt) {
        long millis = watchedMillis;
        if (present && joinedAt != null) {
            Instant until = sessionEndedAt != null && sessionEndedAt.isBefore(now) ? sessionEndedAt : now;
            millis += Math.max(0, Duration.between(joinedAt, until).toMillis());
        }
        return millis / 1000;
    }

    private Change unchanged() {
        return new Change(this, false, 0, 0, null);
    }

    private List<String> remember(String eventId) {
        List<String> ids = new ArrayList<>(recentEvents);
        ids.add(eventId);
        return ids.size() > REMEMBERED_EVENTS ? ids.subList(ids.size() - REMEMBERED_EVENTS, ids.size()) : ids;
    }
}
