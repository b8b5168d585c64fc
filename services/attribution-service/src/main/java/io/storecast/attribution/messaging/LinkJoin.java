package io.storecast.attribution.messaging;

import io.storecast.contracts.Topics;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.platform.messaging.ConsumedEvent;
import io.storecast.platform.messaging.EventReader;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;


/**
 * The leaderboard's link-keyed part: keeps each link ({@code code → ownerType|storeId|roomId|sessionId|ownerId},
 * from {@code storecast.links.v1}, co-partitioned with the facts keyed by code and with the clicks) and resolves a
 * fact's ref to the store it counts for: the link's store for store and staff links, and the staff member for a
 * staff link (a dealer's link counts for no store). A click goes to the link's session, or, for a link to a whole room, on to the room's current session. A
 * fact whose link has not arrived yet waits in {@code board-waiting} until it does.
 */
final class LinkJoin implements Processor<String, byte[], String, byte[]> {

    static final String LINKS = "board-links";
    static final String WAITING = "board-waiting";

    private final EventReader reader;
    private final DeadLetters deadLetters;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, String> links;
    private KeyValueStore<String, byte[]> waiting;

    LinkJoin(EventReader reader, DeadLetters deadLetters) {
        this.reader = reader;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        links = context.getStateStore(LINKS);
        waiting = context.getStateStore(WAITING);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        if (topic.equals(Topics.LINKS) || topic.equals(Topics.LINK_CLICKS)) {
            ConsumedEvent<?> e = deadLetters.read(reader, context, record).orElse(null);
            if (e == null) {
                return;
            }
            switch (e.payload()) {
                case LinkIssued l when l.code() != null -> {
                    links.put(l.code(), String.join("|", l.ownerType(), n(l.storeId()), n(l.roomId()),
                            n(l.sessionId()), n(l.ownerId())));
                    release(l.code());
                }
                case LinkClicked c when c.code() != null && c.clickId() != null ->
                        resolve(new BoardFact('C', null, null, c.code(), null, null, null, c.clickId(), 0,
                                record.timestamp()));
                default -> { }
            }
            return;
        }
        resolve(BoardFact.decode(record.value()));
    }

    private void resolve(BoardFact f) {
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

    private static String n(String s) {
        return s == null ? "" : s;
    }

    private void release(String code) {
        DeadLetters.take(waiting, code + "|").forEach(v -> resolve(BoardFact.decode(v)));
    }
}
