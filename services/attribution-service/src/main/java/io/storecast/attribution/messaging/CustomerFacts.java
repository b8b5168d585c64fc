package io.storecast.attribution.messaging;

import io.storecast.contracts.Events;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.contracts.presence.ViewerReserved;
import io.storecast.platform.messaging.ConsumedEvent;
import io.storecast.platform.messaging.EventReader;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Duration;
import java.util.Set;

/**
 * The leaderboard's first step, where its facts are read: viewers, reservations and orders with a ref, and clicks,
 * are resolved through the links ({@link LinkJoin}) and go on to their session (a click on a room's link to its room
 * first); facts waiting for their link are tried again every {@link #RETRY}. A paid order's fact comes from the
 * decision stream, which holds the payment and the decision in force together ({@code CustomerBooks}).
 */
final class CustomerFacts implements Processor<String, byte[], String, byte[]> {

    static final Duration RETRY = Duration.ofMillis(500);
    /**
     * The event types the board counts; the rest of its topics (departures are half the presence topic) is passed by
     * unread.
     */
    private static final Set<String> TYPES = Set.of(Events.VIEWER_JOINED.name(), Events.VIEWER_RESERVED.name(),
            Events.ORDER_PLACED.name(), Events.LINK_CLICKED.name());

    private final EventReader reader;
    private final DeadLetters deadLetters;
    private ProcessorContext<String, byte[]> context;
    private LinkJoin links;

    CustomerFacts(EventReader reader, DeadLetters deadLetters) {
        this.reader = reader;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
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
                    links.resolve(new BoardFact('C', null, null, c.code(), null, null, null, countsOnce(c), 0, at));
            default -> { }
        }
    }

    /**
     * What makes a click count once: a visitor once per link per clock hour in funnels (PRODUCT.md, Tracked links;
     * store-distribution's funnel counts its visitors so), a click without a visitor id once by its own id.
     */
    static String countsOnce(LinkClicked c) {
        return c.visitorId() == null || c.clickedAt() == null ? c.clickId()
                : c.code() + "@" + c.visitorId() + "@" + Math.floorDiv(c.clickedAt().getEpochSecond(), 3_600);
    }
}
