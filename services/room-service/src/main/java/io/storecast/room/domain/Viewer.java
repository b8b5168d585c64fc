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
 * nothing. An event can also arrive late (one parked while Kafka was slow lands after a newer one): a
 * join at or before the last departure, or a departure before the current stint began, counts the
 * viewer and its ref but does not change whether they are watching.
 */
public record Viewer(String sessionId, String customerId, boolean present, Instant joinedAt, long watchedMillis,
                     Instant departedAt, List<String> refs, List<String> recentEvents) {

    /** Event ids remembered per viewer to drop redeliveries. */
    static final int REMEMBERED_EVENTS = 32;

    public Viewer {
        refs = List.copyOf(refs);
        recentEvents = List.copyOf(recentEvents);
    }

    /** What one event did: the viewer after it and what the session's counts gain. */
    public record Change(Viewer viewer, boolean changed, int newViewers, int concurrentDelta, String newRef) {
    }

    /** Nobody yet: the state before a customer's first event in a session. */
    public static Viewer none(String sessionId, String customerId) {
        return new Viewer(sessionId, customerId, false, null, 0, null, List.of(), List.of());
    }

    /** Whether a join of this customer has been seen (a departure can arrive first). */
    public boolean joined() {
        return joinedAt != null;
    }

    public Change join(String eventId, Instant at, String ref) {
        if (recentEvents.contains(eventId)) {
            return unchanged();
        }
        int newViewers = joined() ? 0 : 1;
        String newRef = ref != null && !refs.contains(ref) ? ref : null;
        List<String> nextRefs = new ArrayList<>(refs);
        if (newRef != null) {
            nextRefs.add(newRef);
        }
        boolean late = !present && departedAt != null && !at.isAfter(departedAt);
        if (late) {
            return new Change(new Viewer(sessionId, customerId, false, joined() ? joinedAt : at, watchedMillis,
                    departedAt, nextRefs, remember(eventId)), true, newViewers, 0, newRef);
        }
        // joining again while watching (a second device, another link) continues the same stint
        Viewer next = new Viewer(sessionId, customerId, true, present ? joinedAt : at, watchedMillis, departedAt,
                nextRefs, remember(eventId));
        return new Change(next, true, newViewers, present ? 0 : 1, newRef);
    }

    public Change depart(String eventId, Instant at) {
        if (recentEvents.contains(eventId)) {
            return unchanged();
        }
        Instant lastDeparture = departedAt == null || at.isAfter(departedAt) ? at : departedAt;
        if (!present || at.isBefore(joinedAt)) {
            // gone already, or a departure from before the current stint: nothing to stop
            return new Change(new Viewer(sessionId, customerId, present, joinedAt, watchedMillis,
                    present ? departedAt : lastDeparture, refs, remember(eventId)), true, 0, 0, null);
        }
        long stint = Duration.between(joinedAt, at).toMillis();
        return new Change(new Viewer(sessionId, customerId, false, joinedAt, watchedMillis + stint, lastDeparture,
                refs, remember(eventId)), true, 0, -1, null);
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
