package io.storecast.attribution.messaging;

import io.storecast.attribution.application.LiveBoards;
import io.storecast.attribution.domain.BoardRow;
import io.storecast.platform.streams.Peers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the store lines {@link BoardCounter} keeps per session from the instance whose partition holds the session:
 * this one's stores directly, another's at {@code /internal/leaderboard/sessions/{id}/stores}. While the stream is
 * not running, or the session's partition is moving between instances, there is no answer (the caller falls back to
 * the board's copy in Mongo).
 */
@Component
class LiveBoardQueries implements LiveBoards {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<BoardRow>> ROWS = new TypeReference<>() {
    };

    private final LeaderboardStream stream;
    private final Peers peers;

    LiveBoardQueries(LeaderboardStream stream,
                     @org.springframework.beans.factory.annotation.Value("${storecast.security.peer-secret:}")
                     String peerSecret) {
        this.stream = stream;
        this.peers = new Peers(stream, peerSecret);
    }

    @Override
    public Optional<List<BoardRow>> stores(String sessionId) {
        KafkaStreams streams = stream.running();
        KeyQueryMetadata owner = owner(streams, sessionId);
        if (owner == null) {
            return Optional.empty();
        }
        if (peers.isSelf(owner.activeHost())) {
            return local(streams, sessionId);
        }
        try {
            return Optional.of(JSON.readValue(peers.get(owner.activeHost(), "/internal/leaderboard/sessions/"
                    + URLEncoder.encode(sessionId, StandardCharsets.UTF_8) + "/stores", Duration.ofSeconds(2)), ROWS));
        } catch (Peers.PeerUnavailableException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<List<BoardRow>> localStores(String sessionId) {
        KafkaStreams streams = stream.running();
        KeyQueryMetadata owner = owner(streams, sessionId);
        return owner != null && peers.isSelf(owner.activeHost()) ? local(streams, sessionId) : Optional.empty();
    }

    /** The instance holding the session's partition of the counter's input, or null when there is none now. */
    private static KeyQueryMetadata owner(KafkaStreams streams, String sessionId) {
        if (streams == null) {
            return null;
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(BoardCounter.COUNTS, sessionId,
                Serdes.String().serializer());
        return owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE) ? null : owner;
    }

    private static Optional<List<BoardRow>> local(KafkaStreams streams, String sessionId) {
        try {
            ReadOnlyKeyValueStore<String, String> counts = streams.store(StoreQueryParameters.fromNameAndType(
                    BoardCounter.COUNTS, QueryableStoreTypes.keyValueStore()));
            return Optional.of(BoardCounter.rows(counts, sessionId));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }
}
