package io.storecast.attribution.messaging;

import io.storecast.contracts.rooms.ProductPinned;
import io.storecast.contracts.rooms.ProductUnpinned;
import io.storecast.contracts.rooms.SessionEnded;
import io.storecast.contracts.rooms.SessionScheduled;
import io.storecast.contracts.rooms.SessionStarted;
import io.storecast.platform.messaging.ConsumedEvent;
import io.storecast.platform.messaging.EventReader;
import io.storecast.contracts.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;


/**
 * The leaderboard's room-keyed part: a click on a link to a whole room counts for the room's current session — the
 * live one, else the one scheduled last (one scheduled before or while another was live is current once that ends),
 * else the one that ended last ({@code roomId → sessionId|state|next} from {@code storecast.rooms.v1}). A click for a
 * room not known yet waits until its first session arrives. Pins, unpins and the session's end go on to the session's
 * counter (the review's segments and follow-up lists).
 */
final class RoomJoin implements Processor<String, byte[], String, byte[]> {

    static final String ROOMS = "board-rooms";
    static final String WAITING = "board-room-waiting";

    private final EventReader reader;
    private final DeadLetters deadLetters;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, String> rooms;
    private KeyValueStore<String, byte[]> waiting;

    RoomJoin(EventReader reader, DeadLetters deadLetters) {
        this.reader = reader;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        rooms = context.getStateStore(ROOMS);
        waiting = context.getStateStore(WAITING);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (!context.recordMetadata().map(m -> m.topic()).orElse("").equals(Topics.ROOMS)) {
            click(BoardFact.decode(record.value()));
            return;
        }
        ConsumedEvent<?> e = deadLetters.read(reader, context, record).orElse(null);
        if (e == null) {
            return;
        }
        String[] now = current(record.key());
        String next = now == null || now.length < 3 || now[2].isEmpty() ? null : now[2];
        switch (e.payload()) {
            // one scheduled while another is live is promoted meanwhile: the room's current session once that ends
            case SessionScheduled s when s.roomId() != null -> {
                if (now == null || !"L".equals(now[1])) {
                    set(s.roomId(), s.sessionId(), "S", null);
                } else {
                    set(s.roomId(), now[0], "L", s.sessionId());
                }
            }
            // another session the room held as scheduled stays next: scheduled before this one went live
            case SessionStarted s when s.roomId() != null -> set(s.roomId(), s.sessionId(), "L",
                    now != null && "S".equals(now[1]) && !now[0].equals(s.sessionId()) ? now[0]
                            : s.sessionId().equals(next) ? null : next);
            case SessionEnded s when s.roomId() != null && s.sessionId() != null -> {
                if (now != null && s.sessionId().equals(now[0])) {
                    if (next != null) {
                        set(s.roomId(), next, "S", null);
                    } else {
                        set(s.roomId(), s.sessionId(), "E", null);
                    }
                }
                toSession(new BoardFact('E', s.sessionId(), s.roomId(), null, null, null, null, "end", 0,
                        s.endedAt() == null ? record.timestamp() : s.endedAt().toEpochMilli()));
            }
            case ProductPinned p when p.sessionId() != null && p.sku() != null && p.pinnedAt() != null ->
                    toSession(new BoardFact('S', p.sessionId(), p.roomId(), null, null, null, null, p.sku(), 0,
                            p.pinnedAt().toEpochMilli()));
            case ProductUnpinned p when p.sessionId() != null && p.sku() != null && p.pinnedAt() != null
                    && p.unpinnedAt() != null ->
                    toSession(new BoardFact('U', p.sessionId(), p.roomId(), null, null, null, null, p.sku(),
                            p.unpinnedAt().toEpochMilli(), p.pinnedAt().toEpochMilli()));
            default -> { }
        }
    }

    private String[] current(String roomId) {
        String v = roomId == null ? null : rooms.get(roomId);
        return v == null ? null : v.split("\\|", -1);
    }

    /** The room's current session and its state, and the one to be current once it ends (null: none). */
    private void set(String roomId, String sessionId, String state, String next) {
        rooms.put(roomId, sessionId + "|" + state + "|" + (next == null ? "" : next));
        DeadLetters.take(waiting, roomId + "|").forEach(v -> click(BoardFact.decode(v)));
    }

    private void click(BoardFact f) {
        String[] now = current(f.roomId());
        if (now == null) {
            waiting.put(f.roomId() + "|" + f.id(), f.encode());
            return;
        }
        toSession(f.resolved(now[0], f.storeId(), f.staffId()));
    }

    private void toSession(BoardFact f) {
        context.forward(new Record<>(f.sessionId(), f.encode(), f.at()), LeaderboardStream.TO_SESSIONS);
    }
}
