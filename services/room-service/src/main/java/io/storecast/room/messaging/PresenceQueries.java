package io.storecast.room.messaging;

import io.storecast.contracts.Topics;
import io.storecast.platform.StorecastRuntimeAutoConfiguration.StorecastProperties;
import io.storecast.platform.streams.Peers;
import io.storecast.room.application.ViewerStates;
import io.storecast.room.domain.Viewer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Viewer states read where the presence stream keeps them (Kafka Streams interactive queries): a viewer
 * from the instance that owns its customer's partition, a session's present viewers from every instance.
 * An instance answers for its own partitions at {@code /internal/presence/...}; this class calls those of
 * the others over HTTP.
 */
@Component
public class PresenceQueries implements ViewerStates {

    private static final TypeReference<List<Viewer>> VIEWERS = new TypeReference<>() {
    };

    private final PresenceStream stream;
    private final int partitions;
    private final Peers peers;

    PresenceQueries(PresenceStream stream, StorecastProperties props) {
        this.stream = stream;
        this.partitions = props.partitions();
        this.peers = new Peers(stream);
    }

    @Override
    public Optional<Viewer> viewer(String sessionId, String customerId) {
        KeyQueryMetadata owner = stream.running().queryMetadataForKey(ViewerPresence.VIEWERS, customerId,
                Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new PresenceUnavailableException("no instance holds customer " + customerId + "'s partition now",
                    null);
        }
        if (isSelf(owner.activeHost())) {
            return localViewer(sessionId, customerId);
        }
        String body = get(owner.activeHost(), "/internal/presence/sessions/" + encode(sessionId) + "/viewers/"
                + encode(customerId));
        List<Viewer> found = ViewerPresence.JSON.readValue(body, VIEWERS);
        return found.stream().findFirst();
    }

    /**
     * Every instance's present viewers; refused while any partition of the presence topic has no active
     * instance (a lottery must not draw from part of the audience).
     */
    @Override
    public List<Viewer> present(String sessionId) {
        Collection<StreamsMetadata> instances = stream.running().streamsMetadataForStore(ViewerPresence.VIEWERS);
        Set<Integer> covered = new HashSet<>();
        instances.forEach(i -> i.topicPartitions().stream().filter(tp -> tp.topic().equals(Topics.PRESENCE))
                .forEach(tp -> covered.add(tp.partition())));
        if (covered.size() < partitions) {
            throw new PresenceUnavailableException("only " + covered.size() + " of the " + partitions
                    + " presence partitions have an active instance now", null);
        }
        List<Viewer> all = new ArrayList<>();
        for (StreamsMetadata instance : instances) {
            if (isSelf(instance.hostInfo())) {
                all.addAll(localPresent(sessionId));
            } else {
                all.addAll(ViewerPresence.JSON.readValue(get(instance.hostInfo(), "/internal/presence/sessions/"
                        + encode(sessionId) + "/present"), VIEWERS));
            }
        }
        return all;
    }

    /** The viewer from this instance's partitions only. */
    public Optional<Viewer> localViewer(String sessionId, String customerId) {
        String json = store().get(ViewerPresence.key(sessionId, customerId));
        return Optional.ofNullable(json).map(j -> ViewerPresence.JSON.readValue(j, Viewer.class));
    }

    /** The session's present viewers in this instance's partitions only. */
    public List<Viewer> localPresent(String sessionId) {
        List<Viewer> present = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store().prefixScan(ViewerPresence.key(sessionId, ""),
                Serdes.String().serializer())) {
            it.forEachRemaining(kv -> {
                Viewer v = ViewerPresence.JSON.readValue(kv.value, Viewer.class);
                if (v.present()) {
                    present.add(v);
                }
            });
        }
        return present;
    }

    private ReadOnlyKeyValueStore<String, String> store() {
        KafkaStreams streams = stream.running();
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(ViewerPresence.VIEWERS,
                    QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new PresenceUnavailableException("the presence stream is " + streams.state()
                    + "; viewers can be read once it is RUNNING", e);
        }
    }

    private boolean isSelf(HostInfo host) {
        return peers.isSelf(host);
    }

    private String get(HostInfo host, String path) {
        try {
            return peers.get(host, path, Duration.ofSeconds(10));
        } catch (Peers.PeerUnavailableException e) {
            throw new PresenceUnavailableException(e.getMessage(), e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
