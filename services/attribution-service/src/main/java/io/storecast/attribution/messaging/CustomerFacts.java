package io.storecast.attribution.messaging;

import io.storecast.contracts.Events;
import io.storecast.contracts.attribution.OrderAttributed;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.contracts.presence.ViewerReserved;
import io.storecast.platform.messaging.ConsumedEvent;
import io.storecast.platform.messaging.EventReader;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.Set;

/**
 * The leaderboard's first step, where its facts are read: viewers, reservations and orders with a ref, and clicks,
 * are resolved through the links ({@link LinkJoin}) and go on to their session (a click on a room's link to its room
 * first); a paid order becomes a fact for the store its decision credits once both the payment and the decision are
 * in (either may come first; an adjustment moves it to the new store). Its state per order (session, amount, customer,
 * placing time, the store and staff member credited and those counted) commits with its output; facts waiting for
 * their link are tried again every {@link #RETRY}.
 */
final class CustomerFacts implements Processor<String, byte[], String, byte[]> {

    static final String PAID = "board-paid";
    static final String NONE = "-";
    static final Duration RETRY = Duration.ofMillis(500);
    /**
     * The event types the board counts; the rest of its topics (departures are half the presence topic) is passed by
     * unread.
     */
    private static final Set<String> TYPES = Set.of(Events.VIEWER_JOINED.name(), Events.VIEWER_RESERVED.name(),
            Events.ORDER_PLACED.name(), Events.LINK_CLICKED.name(), Events.ORDER_PAID.name(),
            Events.ORDER_ATTRIBUTED.name());

    private final EventReader reader;
    private final DeadLetters deadLetters;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, String> paid;
    private LinkJoin links;

    CustomerFacts(EventReader reader, DeadLetters deadLetters) {
        this.reader = reader;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        paid = context.getStateStore(PAID);
        links = new LinkJoin(context);
        context.schedule(RETRY, PunctuationType.WALL_CLOCK_TIME, links::retryWaiting);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (EventReader.namesNoneOf(record.headers(), TYPES)) {
            return;     // not a fact of the board: not worth parsing
        }
        ConsumedEvent<?> e = deadLetters.read(reader, context, record).orElse(null);
        if (e == null) {
            return;
        }
        long at = record.timestamp();
        switch (e.payload()) {
            case ViewerJoined j when j.ref() != null && j.sessionId() != null && j.customerId() != null ->
                    links.resolve(new BoardFact('V', j.sessionId(), j.roomId(), j.ref(), null, null, j.customerId(),
                            j.customerId(), 0, at));
            case ViewerReserved r when r.ref() != null && r.sessionId() != null && r.customerId() != null ->
                    links.resolve(new BoardFact('R', r.sessionId(), r.roomId(), r.ref(), null, null, r.customerId(),
                            r.customerId(), 0, at));
            case OrderPlaced o when o.ref() != null && o.sessionId() != null ->
                    links.resolve(new BoardFact('O', o.sessionId(), null, o.ref(), null, null, o.customerId(),
                            o.orderId(), 0, at));
            case LinkClicked c when c.code() != null && c.clickId() != null ->
                    links.resolve(new BoardFact('C', null, null, c.code(), null, null, null, c.clickId(), 0, at));
            case OrderPaid p when p.sessionId() != null -> {
                State s = State.decode(paid.get(p.orderId()));
                if (s.session() == null) {
                    settle(p.orderId(), new State(p.sessionId(), p.amount(), s.credited(), s.version(), s.counted(),
                            p.customerId(), p.placedAt() == null ? at : p.placedAt().toEpochMilli(), s.staff(),
                            s.countedStaff()), at);
                }
            }
            case OrderAttributed a -> {
                State s = State.decode(paid.get(a.orderId()));
                if (a.decisionVersion() > s.version()) {
                    boolean store = "STORE".equals(a.creditedType()) && a.storeId() != null;
                    settle(a.orderId(), new State(s.session(), s.amount(), store ? a.storeId() : NONE,
                            a.decisionVersion(), s.counted(), s.customer(), s.placedAt(),
                            store && a.staffId() != null ? a.staffId() : NONE, s.countedStaff()), at);
                }
            }
            default -> { }
        }
    }

    /** Counts the order for the store now credited, and takes it from the one counted before, if that changed. */
    private void settle(String orderId, State s, long at) {
        State next = s;
        if (s.session() != null && s.version() > 0
                && (!s.credited().equals(s.counted()) || !s.staff().equals(s.countedStaff()))) {
            if (!s.counted().equals(NONE)) {
                bySession(paid(s, orderId, s.counted(), s.countedStaff(), -s.amount()), at);
            }
            if (!s.credited().equals(NONE)) {
                bySession(paid(s, orderId, s.credited(), s.staff(), s.amount()), at);
            }
            next = new State(s.session(), s.amount(), s.credited(), s.version(), s.credited(), s.customer(),
                    s.placedAt(), s.staff(), s.staff());
        }
        paid.put(orderId, next.encode());
    }

    private static BoardFact paid(State s, String orderId, String store, String staff, long amount) {
        return new BoardFact('P', s.session(), null, null, store, staff.equals(NONE) ? null : staff, s.customer(),
                orderId, amount, s.placedAt());
    }

    private void bySession(BoardFact f, long at) {
        context.forward(new Record<>(f.sessionId(), f.encode(), at), LeaderboardStream.TO_SESSIONS);
    }

    /** {@code placedAt} in epoch milliseconds; {@code staff} and {@code countedStaff} {@code -} for none. */
    record State(String session, long amount, String credited, int version, String counted, String customer,
                 long placedAt, String staff, String countedStaff) {

        static State decode(String s) {
            if (s == null) {
                return new State(null, 0, NONE, 0, NONE, null, 0, NONE, NONE);
            }
            String[] p = s.split("\\|", -1);
            return new State(p[0].isEmpty() ? null : p[0], Long.parseLong(p[1]), p[2], Integer.parseInt(p[3]), p[4],
                    p[5].isEmpty() ? null : p[5], Long.parseLong(p[6]), p[7], p[8]);
        }

        String encode() {
            return String.join("|", session == null ? "" : session, Long.toString(amount), credited,
                    Integer.toString(version), counted, customer == null ? "" : customer, Long.toString(placedAt),
                    staff, countedStaff);
        }
    }
}
