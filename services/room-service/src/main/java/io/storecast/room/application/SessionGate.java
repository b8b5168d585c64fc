package io.storecast.room.application;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.storecast.platform.problems.NotFoundException;
import io.storecast.room.domain.BroadcastSession;
import io.storecast.room.persistence.RoomDocuments.SessionDoc;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;

/**
 * What the join and leave hot path needs to know of a session (its room and status), from memory: each
 * session is read from the store at most once per {@code storecast.presence.session-cache-ms} and
 * reloaded in the background, so a flood of joins costs no database round trip per request. A change
 * made on this instance is seen at once; one made on another instance within twice that period.
 */
@Component
public class SessionGate {

    private final LoadingCache<String, Optional<BroadcastSession>> cache;

    public SessionGate(MongoTemplate mongo, @Value("${storecast.presence.session-cache-ms:1000}") long cacheMs) {
        // under load a session is reloaded in the background after cacheMs; a quiet one is read afresh
        // after twice that, so the status a join sees is never more than 2 × cacheMs old
        this.cache = Caffeine.newBuilder().refreshAfterWrite(Duration.ofMillis(cacheMs))
                .expireAfterWrite(Duration.ofMillis(cacheMs * 2)).maximumSize(50_000)
                .build(id -> Optional.ofNullable(mongo.findById(id, SessionDoc.class)).map(RoomCommands::toSession));
    }

    public BroadcastSession session(String sessionId) {
        return cache.get(sessionId).orElseThrow(() -> new NotFoundException("session", sessionId));
    }

    void forget(String sessionId) {
        cache.invalidate(sessionId);
    }
}
