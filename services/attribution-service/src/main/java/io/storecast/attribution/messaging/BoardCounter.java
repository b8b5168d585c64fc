package io.storecast.attribution.messaging;

import io.storecast.attribution.domain.BoardRow;
import io.storecast.attribution.domain.BoardSegment;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leaderboard's session-keyed part. Counts each fact once ({@code board-seen}: a viewer or a reservation once
 * per customer, an order once per id, a click once per visitor, link and hour) per session and store, and per staff
 * member for staff links; keeps the session's pinned-product segments with the paid orders placed in each, and those
 * placed while nothing was pinned; remembers who paid for an order in it, whoever it is credited to. Every
 * {@code writeEvery} it hands the sessions that changed to the read model, whole — and, once a session has ended,
 * each store's follow-up list: its viewers who bought nothing in the session.
 */
final class BoardCounter implements Processor<String, byte[], Void, Void> {

    static final String SEEN = "board-seen";
    static final String COUNTS = "board-counts";
    static final String STAFF = "board-staff-counts";
    static final String ORDERS = "board-orders";
    static final String BUYERS = "board-buyers";
    static final String SESSIONS = "board-sessions";
    static final String DIRTY = "board-dirty";
    /** The suffix of a session's key in {@code board-sessions} under which its unpinned sales are kept. */
    private static final String UNPINNED = "|unpinned";
    private static final Logger log = LoggerFactory.getLogger(BoardCounter.class);

    /**
     * What the read model is given for one session; {@code oldestEventAt}: when the oldest event it counts for the
     * first time was published (epoch milliseconds), so that its write tells how fresh the board is.
     */
    record Snapshot(String sessionId, List<BoardRow> stores, List<BoardRow> staff, List<BoardSegment> segments,
                    Unpinned unpinned, Long endedAt, long oldestEventAt) {
    }

    interface Sink {
        void board(Snapshot s);

        void followUps(String sessionId, Map<String, List<String>> viewersWhoDidNotBuy);
    }

    private final Sink sink;
    private final Duration writeEvery;
    private KeyValueStore<String, Long> seen;
    private KeyValueStore<String, String> counts;
    private KeyValueStore<String, String> staff;
    private KeyValueStore<String, String> orders;
    private KeyValueStore<String, Long> buyers;
    private KeyValueStore<String, String> sessions;
    private KeyValueStore<String, Long> dirty;
    /** Per session, when the oldest event not yet written was published: for the freshness metric only. */
    private final Map<String, Long> unwrittenSince = new HashMap<>();

    BoardCounter(Sink sink, Duration writeEvery) {
        this.sink = sink;
        this.writeEvery = writeEvery;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        seen = context.getStateStore(SEEN);
        counts = context.getStateStore(COUNTS);
        staff = context.getStateStore(STAFF);
        orders = context.getStateStore(ORDERS);
        buyers = context.getStateStore(BUYERS);
        sessions = context.getStateStore(SESSIONS);
        dirty = context.getStateStore(DIRTY);
        context.schedule(writeEvery, PunctuationType.WALL_CLOCK_TIME, t -> flush());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        BoardFact f = BoardFact.decode(record.value());
        String s = f.sessionId();
        switch (f.kind()) {
            case 'S', 'U', 'E' -> session(f);
            case 'P' -> {
                // once per change already (the decision stream's books); no store named: credited to none
                if (f.storeId() != null) {
                    count(counts, s + "|" + f.storeId(), f.storeId(), f);
                }
                if (f.staffId() != null) {
                    count(staff, s + "|" + f.staffId(), f.staffId(), f);
                }
                String orderKey = s + "|" + f.id();
                String known = orders.get(orderKey);
                long[] o = order(known);
                orders.put(orderKey, f.at() + "," + (o[1] + Long.signum(f.amount())) + "," + (o[2] + f.amount()));
                if (known == null && f.customerId() != null) {
                    // its customer bought, whoever is credited with it now or later
                    String buyer = s + "|" + f.customerId();
                    Long n = buyers.get(buyer);
                    buyers.put(buyer, (n == null ? 0 : n) + 1);
                }
                Session state = Session.decode(sessions.get(s));
                int i = BoardSegment.indexOf(state.segments(), f.at());
                if (i >= 0) {
                    state.segments().set(i, state.segments().get(i).plus(Long.signum(f.amount()), f.amount()));
                    sessions.put(s, state.encode());
                } else {
                    sessions.put(s + UNPINNED, unpinned(s).plus(Long.signum(f.amount()), f.amount()).encode());
                }
            }
            default -> {
                // once for the store, and once for each staff member it came through: a viewer who came through
                // two of a store's staff is one viewer of the store and one of each of them
                boolean forStore = first(s + "|" + f.kind() + "|" + f.storeId() + "|" + f.id(), f.at());
                boolean forStaff = f.staffId() != null
                        && first(s + "|staff|" + f.kind() + "|" + f.staffId() + "|" + f.id(), f.at());
                if (forStore) {
                    count(counts, s + "|" + f.storeId(), f.storeId(), f);
                }
                if (forStaff) {
                    count(staff, s + "|" + f.staffId(), f.staffId(), f);
                }
                if (!forStore && !forStaff) {
                    return;
                }
            }
        }
        dirty.put(s, f.at());
        unwrittenSince.putIfAbsent(s, record.timestamp());
    }

    /** Whether {@code key} is seen for the first time (and remembers it). */
    private boolean first(String key, long at) {
        if (seen.get(key) != null) {
            return false;
        }
        seen.put(key, at);
        return true;
    }

    private static void count(KeyValueStore<String, String> store, String key, String id, BoardFact f) {
        store.put(key, BoardRow.decode(id, store.get(key)).add(f.kind(), f.amount()).encode());
    }

    /** A pin, an unpin or the end: the segments change, and their sales are summed again from the paid orders. */
    private void session(BoardFact f) {
        Session state = Session.decode(sessions.get(f.sessionId()));
        List<BoardSegment> segs = new ArrayList<>(state.segments());
        Long ended = state.endedAt();
        switch (f.kind()) {
            case 'S' -> {
                if (segs.stream().noneMatch(x -> x.sku().equals(f.id()) && x.from() == f.at())) {
                    segs.add(new BoardSegment(f.id(), f.at(), 0, 0, 0));
                }
            }
            case 'U' -> segs.replaceAll(x -> x.sku().equals(f.id()) && x.from() == f.at()
                    && (x.to() == 0 || x.to() > f.amount()) ? x.closedAt(f.amount()) : x);
            default -> ended = f.at();
        }
        segs.sort(Comparator.comparingLong(BoardSegment::from));
        List<BoardSegment> closed = new ArrayList<>();
        for (int i = 0; i < segs.size(); i++) {
            BoardSegment x = segs.get(i);
            long next = i + 1 < segs.size() ? segs.get(i + 1).from() : ended == null ? 0 : ended;
            closed.add(new BoardSegment(x.sku(), x.from(), x.to() == 0 || (next != 0 && x.to() > next) ? next : x.to(),
                    0, 0));
        }
        String prefix = f.sessionId() + "|";
        long[] outside = {0, 0};
        try (KeyValueIterator<String, String> it = orders.prefixScan(prefix, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> {
                long[] o = order(kv.value);
                int i = BoardSegment.indexOf(closed, o[0]);
                if (i >= 0) {
                    closed.set(i, closed.get(i).plus(o[1], o[2]));
                } else {
                    outside[0] += o[1];
                    outside[1] = Math.addExact(outside[1], o[2]);
                }
            });
        }
        sessions.put(f.sessionId(), new Session(closed, ended).encode());
        sessions.put(f.sessionId() + UNPINNED, new Unpinned(outside[0], outside[1]).encode());
    }

    private void flush() {
        List<String> changed = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = dirty.all()) {
            it.forEachRemaining(kv -> changed.add(kv.key));
        }
        for (String s : changed) {
            try {
                Session state = Session.decode(sessions.get(s));
                sink.board(new Snapshot(s, rows(counts, s), rows(staff, s), state.segments(), unpinned(s),
                        state.endedAt(),
                        unwrittenSince.getOrDefault(s, System.currentTimeMillis())));
                if (state.endedAt() != null) {
                    sink.followUps(s, followUps(s));
                }
                dirty.delete(s);
                unwrittenSince.remove(s);
            } catch (RuntimeException e) {
                log.warn("could not write the leaderboard of session {}, trying again in {}: {}", s, writeEvery,
                        e.toString());
                return;
            }
        }
    }

    /** A session's lines in a counts store: here, and from a query of the store while the stream runs. */
    static List<BoardRow> rows(ReadOnlyKeyValueStore<String, String> store, String session) {
        List<BoardRow> out = new ArrayList<>();
        String prefix = session + "|";
        try (KeyValueIterator<String, String> it = store.prefixScan(prefix, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> out.add(BoardRow.decode(kv.key.substring(prefix.length()), kv.value)));
        }
        return out;
    }

    /** Per store, its viewers in this session who paid for no order in it, whoever it was credited to. */
    private Map<String, List<String>> followUps(String session) {
        Set<String> bought = new HashSet<>();
        String prefix = session + "|";
        try (KeyValueIterator<String, Long> it = buyers.prefixScan(prefix, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> {
                if (kv.value > 0) {
                    bought.add(kv.key.substring(prefix.length()));
                }
            });
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        String viewers = session + "|V|";
        try (KeyValueIterator<String, Long> it = seen.prefixScan(viewers, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> {
                String rest = kv.key.substring(viewers.length());
                int bar = rest.indexOf('|');
                String store = rest.substring(0, bar);
                String customer = rest.substring(bar + 1);
                List<String> list = out.computeIfAbsent(store, k -> new ArrayList<>());
                if (!bought.contains(customer)) {
                    list.add(customer);
                }
            });
        }
        return out;
    }

    /** placedAt, count, GMV of a paid order (net of an adjustment that moved it). */
    private static long[] order(String v) {
        if (v == null) {
            return new long[]{0, 0, 0};
        }
        String[] p = v.split(",");
        return new long[]{Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2])};
    }

    private Unpinned unpinned(String session) {
        String v = sessions.get(session + UNPINNED);
        if (v == null) {
            return new Unpinned(0, 0);
        }
        String[] p = v.split(",");
        return new Unpinned(Long.parseLong(p[0]), Long.parseLong(p[1]));
    }

    /**
     * The paid orders of a session placed while no product was pinned (before the first pin, between an unpin and the
     * next pin, after the last segment closed), and their GMV; kept under {@code sessionId|unpinned}, encoded
     * {@code orders,gmv}, beside the session's own value, which a build from before they were kept reads unchanged.
     */
    record Unpinned(long paidOrders, long paidGmv) {

        Unpinned plus(long orders, long gmv) {
            return new Unpinned(paidOrders + orders, Math.addExact(paidGmv, gmv));
        }

        String encode() {
            return paidOrders + "," + paidGmv;
        }
    }

    /** A session's segments and end, encoded {@code endedAt;sku,from,to,orders,gmv;…}. */
    record Session(List<BoardSegment> segments, Long endedAt) {

        static Session decode(String v) {
            List<BoardSegment> segs = new ArrayList<>();
            if (v == null) {
                return new Session(segs, null);
            }
            String[] parts = v.split(";", -1);
            for (int i = 1; i < parts.length; i++) {
                String[] p = parts[i].split(",");
                segs.add(new BoardSegment(p[0], Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]),
                        Long.parseLong(p[4])));
            }
            return new Session(segs, parts[0].isEmpty() ? null : Long.parseLong(parts[0]));
        }

        String encode() {
            StringBuilder sb = new StringBuilder(endedAt == null ? "" : endedAt.toString());
            for (BoardSegment x : segments) {
                sb.append(';').append(x.sku()).append(',').append(x.from()).append(',').append(x.to()).append(',')
                        .append(x.paidOrders()).append(',').append(x.paidGmv());
            }
            return sb.toString();
        }
    }
}
