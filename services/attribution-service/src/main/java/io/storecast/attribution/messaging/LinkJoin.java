package io.storecast.attribution.messaging;

import io.storecast.contracts.links.LinkIssued;
import io.storecast.platform.messaging.ConsumedEvent;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.PoisonEventException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a leaderboard fact's ref to the store it counts for, where the fact is read (no re-keying by code): the
 * links are a global store ({@code code → ownerType|storeId|roomId|sessionId|ownerId}, every link on every instance,
 * kept by {@link Recorder} from {@code storecast.links.v1}). The link's store counts for store and staff links, and
 * the staff member for a staff link (a dealer's link counts for no store). A viewer, reservation or order goes to its
 * session; a click to the link's session, or, for a link to a whole room, on to the room's current session. A fact
 * whose link is not there yet waits in {@code board-waiting} and is tried again by {@link #retryWaiting}; one still
 * unknown after {@link #GIVE_UP} names no link of ours and is dropped.
 */
final class LinkJoin {

    static final String LINKS = "board-links";
    static final String WAITING = "board-waiting";
    /** Longer than the global store can take to learn a link that was issued before it was shared. */
    static final Duration GIVE_UP = Duration.ofMinutes(10);

    private final ProcessorContext<String, byte[]> context;
    private final KeyValueStore<String, String> links;
    private final KeyValueStore<String, byte[]> waiting;

    LinkJoin(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.links = context.getStateStore(LINKS);
        this.waiting = context.getStateStore(WAITING);
    }

    void resolve(BoardFact f) {
        String link = links.get(f.code());
        if (link == null) {
            waiting.put(f.code() + "|" + f.kind() + "|" + f.id(), f.encode());
            return;
        }
        String[] p = link.split("\\|", -1);
        if ("DEALER".equals(p[0]) || p[1].isEmpty()) {
            return;                                   // a dealer's own link: no store's line
        }
        String staff = "STAFF".equals(p[0]) && !p[4].isEmpty() ? p[4] : null;
        if (f.kind() != 'C') {
            context.forward(new Record<>(f.sessionId(), f.resolved(f.sessionId(), p[1], staff).encode(), f.at()),
                    LeaderboardStream.TO_SESSIONS);
        } else if (!p[3].isEmpty()) {
            context.forward(new Record<>(p[3], f.resolved(p[3], p[1], staff).encode(), f.at()),
                    LeaderboardStream.TO_SESSIONS);
        } else if (!p[2].isEmpty()) {
            context.forward(new Record<>(p[2], f.resolved(null, p[1], staff).inRoom(p[2]).encode(), f.at()),
                    LeaderboardStream.TO_ROOMS);
        }
    }

    /** Resolves the waiting facts whose link has arrived since; drops those waiting longer than {@link #GIVE_UP}. */
    void retryWaiting(long now) {
        List<KeyValue<String, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = waiting.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, byte[]> kv : all) {
            BoardFact f = BoardFact.decode(kv.value);
            if (links.get(f.code()) != null || now - f.at() > GIVE_UP.toMillis()) {
                waiting.delete(kv.key);
                if (links.get(f.code()) != null) {
                    resolve(f);
                }
            }
        }
    }

    static String value(LinkIssued l) {
        return String.join("|", l.ownerType(), n(l.storeId()), n(l.roomId()), n(l.sessionId()), n(l.ownerId()));
    }

    private static String n(String s) {
        return s == null ? "" : s;
    }

    /**
     * Keeps the global store of links from {@code storecast.links.v1} (also when it is rebuilt from the topic). A
     * record it cannot read is skipped: the service's own consumer of the topic dead-letters it.
     */
    static final class Recorder implements Processor<String, byte[], Void, Void> {

        private static final Logger log = LoggerFactory.getLogger(Recorder.class);

        private final EventReader reader;
        private KeyValueStore<String, String> links;

        Recorder(EventReader reader) {
            this.reader = reader;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            links = context.getStateStore(LINKS);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            try {
                reader.read(record.headers(), record.value(), "the leaderboard's links")
                        .map(ConsumedEvent::payload)
                        .filter(p -> p instanceof LinkIssued l && l.code() != null)
                        .ifPresent(p -> links.put(((LinkIssued) p).code(), value((LinkIssued) p)));
            } catch (PoisonEventException poison) {
                log.warn("the leaderboard skips an unreadable link record: {}", poison.getMessage());
            }
        }
    }
}
