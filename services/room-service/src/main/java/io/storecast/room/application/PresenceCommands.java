package io.storecast.room.application;

import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.contracts.Events;
import io.storecast.contracts.presence.ViewerDeparted;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.platform.outbox.DirectPublisher;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.problems.ConflictException;
import io.storecast.room.domain.BroadcastSession;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;

/**
 * Viewers joining and leaving: the hot path of a broadcast. A join is checked against the session in
 * memory ({@link SessionGate}) and published straight to Kafka, keyed by customer; the request answers
 * once the broker has it (see {@link DirectPublisher}). No database is read or written per join: presence,
 * watch time and the counts are summed from these events by the presence stream. Each join recorded also counts in
 * {@code storecast_viewers_joined_total{session}}, a business metric of the broadcast.
 */
@Service
public class PresenceCommands {

    /** A join or departure as recorded; {@code recorded} is false only when neither Kafka nor the store took it. */
    public record Recorded(String sessionId, String customerId, String ref, Instant at, String eventId,
                           boolean recorded) {
    }

    private final SessionGate gate;
    private final DirectPublisher publisher;
    private final Clock clock;
    private final MeterRegistry meters;

    public PresenceCommands(SessionGate gate, @Qualifier("presencePublisher") DirectPublisher publisher, Clock clock,
                            MeterRegistry meters) {
        this.gate = gate;
        this.publisher = publisher;
        this.clock = clock;
        this.meters = meters;
    }

    public Recorded join(String sessionId, String customerId, String ref) {
        BroadcastSession s = gate.session(sessionId);
        s.requireLive("joining");
        Instant now = clock.instant();
        String normalizedRef = ref == null || ref.isBlank() ? null : ref.trim();
        OutboxRecord event = OutboxRecord.of(Events.VIEWER_JOINED, customerId, sessionId, RoomCommands.SOURCE, now,
                new ViewerJoined(sessionId, s.roomId(), customerId, normalizedRef, now), null, null);
        Recorded joined = recorded(sessionId, customerId, normalizedRef, now, event);
        if (joined.recorded()) {
            meters.counter("storecast.viewers.joined", "session", sessionId).increment();
        }
        return joined;
    }

    public Recorded leave(String sessionId, String customerId) {
        BroadcastSession s = gate.session(sessionId);
        if (s.status() == BroadcastSession.Status.SCHEDULED) {
            throw new ConflictException("status", "session " + sessionId + " has not started; nobody is watching");
        }
        if (s.status() == BroadcastSession.Status.ENDED) {
            throw new ConflictException("status", "session " + sessionId
                    + " has ENDED; every viewer's watch time was counted up to its end");
        }
        Instant now = clock.instant();
        OutboxRecord event = OutboxRecord.of(Events.VIEWER_DEPARTED, customerId, sessionId, RoomCommands.SOURCE, now,
                new ViewerDeparted(sessionId, s.roomId(), customerId, now), null, null);
        return recorded(sessionId, customerId, null, now, event);
    }

    private Recorded recorded(String sessionId, String customerId, String ref, Instant at, OutboxRecord event) {
        boolean recorded = publisher.publish(event) != DirectPublisher.Outcome.LOST;
        return new Recorded(sessionId, customerId, ref, at, event.eventId(), recorded);
    }
}
