package io.storecast.order.application;

import com.mongodb.MongoBulkWriteException;
import io.storecast.order.domain.CheckoutRound;
import io.storecast.order.domain.FlashStock;
import io.storecast.order.domain.FlashStock.Hold;
import io.storecast.order.persistence.OrderDocuments.OrderDoc;
import io.storecast.platform.outbox.DirectPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Settles stock holds whose writer died (checked at start-up and every 30 s; a hold counts as left behind a
 * minute after it was made, well past {@link Checkouts#WRITE_DEADLINE}). For a checkout round: every order
 * id of the hold that was never written is first marked abandoned (so the round, were it only slow, can no
 * longer write it), its units go back on sale, and the orders that were written are announced again (same
 * event ids, so nothing is doubled downstream). For a return: the cancelled order's return is finished.
 */
@Service
public class OrderRecovery {

    private static final Logger log = LoggerFactory.getLogger(OrderRecovery.class);
    static final Duration LEFT_BEHIND = Duration.ofMinutes(1);

    private final MongoTemplate mongo;
    private final FlashSales stock;
    private final Purchases purchases;
    private final OrderCommands orders;
    private final DirectPublisher publisher;
    private final Clock clock;

    public OrderRecovery(MongoTemplate mongo, FlashSales stock, Purchases purchases, OrderCommands orders,
                         @Qualifier("orderPublisher") DirectPublisher publisher, Clock clock) {
        this.mongo = mongo;
        this.stock = stock;
        this.purchases = purchases;
        this.orders = orders;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Scheduled(initialDelay = 0, fixedDelay = 30_000)
    void sweep() {
        try {
            recover();
        } catch (RuntimeException e) {
            log.warn("stock recovery pass failed, retrying in 30 s: {}", e.toString());
        }
    }

    /** One pass; returns how many holds it settled. */
    public int recover() {
        int settled = 0;
        for (FlashStock s : stock.withHoldsBefore(clock.instant().minus(LEFT_BEHIND))) {
            String key = s.sessionId() + "/" + s.sku();
            for (Hold h : s.holds()) {
                if (!h.at().isBefore(clock.instant().minus(LEFT_BEHIND))) {
                    continue;
                }
                if (h.holdId().startsWith("return:")) {
                    h.units().forEach(u -> orders.returnStock(u.orderId()));
                } else {
                    settleTake(s, key, h);
                }
                settled++;
            }
        }
        return settled;
    }

    private void settleTake(FlashStock s, String key, Hold h) {
        List<String> ids = h.units().stream().map(FlashStock.Unit::orderId).toList();
        abandonMissing(ids);
        Map<String, OrderDoc> docs = mongo.find(query(where("_id").in(ids)), OrderDoc.class).stream()
                .collect(Collectors.toMap(OrderDoc::id, Function.identity()));
        List<OrderDoc> written = docs.values().stream().filter(d -> h.holdId().equals(d.placedBy())).toList();
        boolean recorded = publisher.publishAll(written.stream().map(d -> OrderEvents.placed(d.toOrder())).toList())
                .stream().noneMatch(o -> o == DirectPublisher.Outcome.LOST);
        if (!recorded) {
            return;     // the next pass tries again
        }
        // units go back for every order this hold did not write: marked abandoned, or written by another round
        // (a retry that took its units again after this round died)
        List<FlashStock.Unit> abandoned = h.units().stream()
                .filter(u -> !h.holdId().equals(docs.get(u.orderId()).placedBy())).toList();
        abandoned.forEach(u -> purchases.drop(CheckoutRound.purchaseKey(s.sessionId(), u.customerId(), s.sku()),
                u.orderId()));
        long giveBack = abandoned.stream().mapToLong(FlashStock.Unit::quantity).sum();
        stock.endHold(key, h.holdId(), giveBack);
        log.info("settled hold {} on {}: {} orders announced again, {} units back on sale", h.holdId(), key,
                written.size(), giveBack);
    }

    /** Marks each id with no order as abandoned; an id written meanwhile keeps its order. */
    private void abandonMissing(List<String> ids) {
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, OrderDoc.class);
        ids.forEach(id -> bulk.insert(OrderDoc.abandoned(id)));
        try {
            bulk.execute();
        } catch (BulkOperationException | DuplicateKeyException e) {
            if (!(e instanceof DuplicateKeyException) && ((BulkOperationException) e).getErrors().stream()
                    .anyMatch(err -> err.getCode() != 11000)) {
                throw e;
            }
            if (e instanceof DuplicateKeyException && !(e.getCause() instanceof MongoBulkWriteException)) {
                throw e;
            }
        }
    }
}
