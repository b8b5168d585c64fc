package io.storecast.order.application;

import io.storecast.order.domain.Order;
import io.storecast.order.persistence.OrderDocuments.OrderDoc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The time-driven changes: unpaid orders past {@code paymentTimeoutMinutes} are cancelled and their stock
 * released; cancelled orders whose stock is not yet back get it back; delivered orders past the return window
 * are completed. Each instance keeps the deadlines of the orders it placed or delivered in memory and acts on
 * them within a second of falling due; a sweep over what is stored (at start-up and every
 * {@code sweep-every-ms}) finds every deadline the memory does not hold (a restart, another instance that died,
 * a service that was down when the deadline fell due). Every step is a compare-and-set, so several instances
 * may act on the same order at once.
 */
@Service
public class OrderSchedules {

    private static final Logger log = LoggerFactory.getLogger(OrderSchedules.class);
    private static final int PAGE = 500;

    private final MongoTemplate mongo;
    private final OrderCommands orders;
    private final Clock clock;
    private final Duration paymentTimeout;
    private final ConcurrentSkipListMap<Deadline, Boolean> deadlines = new ConcurrentSkipListMap<>();

    private record Deadline(Instant at, String orderId) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : orderId.compareTo(o.orderId);
        }
    }

    public OrderSchedules(MongoTemplate mongo, OrderCommands orders, Clock clock,
                          @Value("${storecast.orders.payment-timeout-minutes}") int paymentTimeoutMinutes) {
        this.mongo = mongo;
        this.orders = orders;
        this.clock = clock;
        this.paymentTimeout = Duration.ofMinutes(paymentTimeoutMinutes);
    }

    /** Called for an order just placed: it is cancelled if still unpaid when the timeout falls due. */
    public void placed(String orderId, Instant placedAt) {
        deadlines.put(new Deadline(placedAt.plus(paymentTimeout), orderId), Boolean.TRUE);
    }

    /** Called for an order just delivered: it is completed when the return window has passed. */
    public void delivered(String orderId, Instant deliveredAt) {
        deadlines.put(new Deadline(deliveredAt.plus(orders.returnWindow()), orderId), Boolean.TRUE);
    }

    /** Acts on the remembered deadlines that fell due; public for tests. Returns how many orders changed. */
    @Scheduled(fixedDelay = 1_000)
    public int runDue() {
        int changed = 0;
        Instant now = clock.instant();
        Map.Entry<Deadline, Boolean> e;
        while ((e = deadlines.firstEntry()) != null && !e.getKey().at().isAfter(now)) {
            deadlines.remove(e.getKey());
            try {
                changed += settle(e.getKey().orderId()) ? 1 : 0;
            } catch (RuntimeException ex) {
                log.warn("order {} not settled at its deadline, the sweep retries: {}", e.getKey().orderId(),
                        ex.toString());
            }
        }
        return changed;
    }

    private boolean settle(String orderId) {
        Order o = orders.order(orderId);
        if (o.status() == Order.Status.PLACED) {
            return orders.cancelUnpaid(orderId).status() == Order.Status.CANCELLED;
        }
        if (o.status() == Order.Status.DELIVERED) {
            return orders.complete(orderId).status() == Order.Status.COMPLETED;
        }
        return false;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${storecast.orders.sweep-every-ms}")
    void sweep() {
        try {
            run();
        } catch (RuntimeException e) {
            log.warn("order schedule pass failed, retrying: {}", e.toString());
        }
    }

    /** One pass over what is stored; returns how many orders it changed. Public for tests. */
    public int run() {
        Instant now = clock.instant();
        int changed = 0;
        for (String id : ids(query(where("status").is(Order.Status.PLACED.name()).and("placedAt")
                .lte(now.minus(paymentTimeout))))) {
            changed += orders.cancelUnpaid(id).status() == Order.Status.CANCELLED ? 1 : 0;
        }
        for (String id : ids(query(where("status").is(Order.Status.CANCELLED.name()).and("stockReturned").is(false)))) {
            orders.returnStock(id);
            changed++;
        }
        for (String id : ids(query(where("status").is(Order.Status.DELIVERED.name()).and("deliveredAt")
                .lte(now.minus(orders.returnWindow()))))) {
            changed += orders.complete(id).status() == Order.Status.COMPLETED ? 1 : 0;
        }
        return changed;
    }

    /** Every id the query matches, read a page at a time (each page's orders leave the match as they change). */
    private List<String> ids(org.springframework.data.mongodb.core.query.Query q) {
        q.with(org.springframework.data.domain.Sort.by("_id")).limit(PAGE).fields().include("_id");
        List<String> all = new java.util.ArrayList<>();
        List<String> page;
        do {
            page = mongo.find(q.skip(all.size()), org.bson.Document.class, mongo.getCollectionName(OrderDoc.class))
                    .stream().map(d -> d.getString("_id")).toList();
            all.addAll(page);
        } while (page.size() == PAGE);
        return all;
    }
}
