package io.storecast.order.application;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.storecast.order.domain.CheckoutRound;
import io.storecast.order.domain.CheckoutRound.Outcome;
import io.storecast.order.domain.CheckoutRound.Verdict;
import io.storecast.order.domain.FlashStock;
import io.storecast.order.domain.Order;
import io.storecast.order.domain.OrderIds;
import io.storecast.order.domain.Product;
import io.storecast.order.persistence.OrderDocuments.OrderDoc;
import io.storecast.platform.outbox.DirectPublisher;
import io.storecast.platform.tracing.Traceparent;
import io.storecast.platform.problems.ConflictException;
import io.storecast.platform.problems.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Checkout, built for a flash-sale burst: requests are decided in rounds (group commit). One worker takes
 * every checkout that arrived while the previous round was being written and, for the whole round, reads the
 * customers' holdings of limited SKUs once, takes the units with one compare-and-set per stock (recording the
 * round as a hold, and ending the holds of rounds that finished), and writes the new orders in one bulk insert.
 * A finisher then sends their {@code OrderPlaced} events, waits once for Kafka's acknowledgements and answers
 * the checkouts, beside the next round. The cost per checkout is one document insert; the rest is per round.
 *
 * <p>Crash safety without transactions: the hold names every order of the round. A hold still present a minute
 * later belonged to a writer that died; {@link OrderRecovery} announces the orders that were written and gives
 * back the units of those that were not (after marking their ids abandoned, so a late write cannot land).
 * Several instances can run rounds at once: the stock compare-and-set lets only one of two rounds computed from
 * the same stock state take it, and the loser re-reads and decides again.
 */
@Service
public class Checkouts implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Checkouts.class);
    private static final int MAX_ROUND = 500;
    private static final int ATTEMPTS = 10;
    private static final int DUPLICATE_KEY = 11000;
    /** A round that took longer than this since its hold does not write its orders: recovery may have begun. */
    static final Duration WRITE_DEADLINE = Duration.ofSeconds(20);

    /** The order and whether this call created it ({@code false}: a retry of an earlier checkout). */
    public record Placed(Order order, boolean created) {
    }

    public record Requested(String sku, int quantity) {
    }

    /** A checkout waiting for its round, with the trace context of its request (its OrderPlaced carries it). */
    private record Pending(Order order, CompletableFuture<Placed> answer, String traceparent) {
    }

    /** A round whose orders and events are recorded: its hold on {@code key} can end. */
    private record Finished(String key, String holdId, long giveBack) {
    }

    private final MongoTemplate mongo;
    private final ProductCatalog catalog;
    private final FlashSales stock;
    private final Purchases purchases;
    private final DirectPublisher publisher;
    private final OrderSchedules schedules;
    private final OrderMetrics metrics;
    private final String currency;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(20_000);
    /** The worker's own view of the stocks it wrote last; a lost compare-and-set drops an entry. */
    private final Map<String, FlashStock> known = new HashMap<>();
    private final ConcurrentLinkedQueue<Finished> finished =
            new ConcurrentLinkedQueue<>();
    private final ExecutorService finisher =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "checkout-finisher"));
    private volatile boolean running;
    private Thread worker;

    public Checkouts(MongoTemplate mongo, ProductCatalog catalog, FlashSales stock, Purchases purchases,
                     @Qualifier("orderPublisher") DirectPublisher publisher, OrderSchedules schedules,
                     OrderMetrics metrics, @Value("${storecast.currency}") String currency, Clock clock) {
        this.mongo = mongo;
        this.catalog = catalog;
        this.stock = stock;
        this.purchases = purchases;
        this.publisher = publisher;
        this.schedules = schedules;
        this.metrics = metrics;
        this.currency = currency;
        this.clock = clock;
    }

    /** Prices the checkout from the catalog, waits for its round, and answers the order (or the refusal). */
    public Placed place(String clientOrderId, String customerId, String sessionId, String ref, List<Requested> lines) {
        List<Order.Item> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Requested r = lines.get(i);
            Product p = catalog.find(r.sku());
            if (p == null || !p.active()) {
                // a retry of a checkout placed before the product went off sale still gets its order
                OrderDoc placed = mongo.findById(OrderIds.of(customerId, clientOrderId), OrderDoc.class);
                if (placed != null && !placed.isAbandoned() && placed.customerId().equals(customerId)) {
                    return new Placed(placed.toOrder(), false);
                }
                throw new InvalidFieldException("lines[" + i + "].sku",
                        "sku " + r.sku() + (p == null ? " is not in the catalog" : " is not on sale"));
            }
            items.add(new Order.Item(p.sku(), p.category(), r.quantity(), p.price()));
        }
        String normalizedRef = ref == null || ref.isBlank() ? null : ref.trim();
        Order order = Order.place(OrderIds.of(customerId, clientOrderId), clientOrderId, customerId, sessionId,
                normalizedRef, items, currency, clock.instant());
        Pending p = new Pending(order, new CompletableFuture<>(), Traceparent.current());
        if (!running || !queue.offer(p)) {
            throw new CheckoutUnavailableException("checkout is not taking orders right now; retry");
        }
        try {
            return p.answer().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new CheckoutUnavailableException("checkout round did not finish in time; retry with the same "
                    + "clientOrderId");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckoutUnavailableException("interrupted");
        }
    }

    private void loop() {
        List<Pending> round = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(20, TimeUnit.MILLISECONDS);
                if (first == null) {
                    endFinishedHolds();
                    continue;
                }
                round.add(first);
                queue.drainTo(round, MAX_ROUND - 1);
                decide(round);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("checkout round of {} failed; its checkouts are answered 503", round.size(), e);
                known.clear();
                round.forEach(p -> p.answer().completeExceptionally(
                        new CheckoutUnavailableException("checkout failed; retry with the same clientOrderId")));
            } finally {
                round.clear();
            }
        }
        endFinishedHolds();
    }

    /**
     * One round; every checkout of it is answered (refusals and retries at once, new orders once their events
     * are acknowledged by the finisher).
     */
    void decide(List<Pending> round) {
        // the same checkout twice in one round: the later ones are retries of the first
        Map<String, Pending> firsts = new LinkedHashMap<>();
        Map<String, List<Pending>> repeats = new HashMap<>();
        for (Pending p : round) {
            if (firsts.putIfAbsent(p.order().id(), p) != null) {
                repeats.computeIfAbsent(p.order().id(), k -> new ArrayList<>()).add(p);
            }
        }
        Map<String, Placed> answers = new HashMap<>();
        Map<String, RuntimeException> refusals = new HashMap<>();
        Set<String> deferred = new HashSet<>();
        try {
            placeRound(firsts, repeats, answers, refusals, deferred);
            answerRetries(firsts, answers, refusals, deferred);
        } finally {
            for (Pending p : firsts.values()) {
                String id = p.order().id();
                if (deferred.contains(id)) {
                    continue;
                }
                Placed a = answers.get(id);
                RuntimeException refused = refusals.get(id);
                if (a != null) {
                    answer(p, repeats.get(id), a);
                } else {
                    RuntimeException e = refused != null ? refused
                            : new CheckoutUnavailableException("checkout failed; retry with the same clientOrderId");
                    p.answer().completeExceptionally(e);
                    repeats.getOrDefault(id, List.of()).forEach(r -> r.answer().completeExceptionally(e));
                }
            }
        }
    }

    private static void answer(Pending p, List<Pending> repeats, Placed a) {
        p.answer().complete(a);
        if (repeats != null) {
            repeats.forEach(r -> r.answer().complete(new Placed(a.order(), false)));
        }
    }

    /**
     * A refused checkout may be the retry of one placed earlier (its units are gone, or count against the
     * customer's limit), and an accepted one may have been placed already: those are answered with their order.
     * An abandoned id is freed for the next attempt.
     */
    private void answerRetries(Map<String, Pending> firsts, Map<String, Placed> answers,
                               Map<String, RuntimeException> refusals, Set<String> deferred) {
        List<String> open = firsts.keySet().stream().filter(id -> !answers.containsKey(id) && !deferred.contains(id))
                .toList();
        if (open.isEmpty()) {
            return;
        }
        for (OrderDoc d : mongo.find(query(where("_id").in(open)), OrderDoc.class)) {
            if (d.isAbandoned()) {
                mongo.remove(query(where("_id").is(d.id()).and("status").is(d.status())), OrderDoc.class);
                continue;
            }
            try {
                answers.put(d.id(), retryOf(d, firsts.get(d.id()).order()));
                refusals.remove(d.id());
            } catch (ConflictException e) {
                refusals.put(d.id(), e);
            }
        }
    }

    private static Placed retryOf(OrderDoc d, Order asked) {
        if (!d.customerId().equals(asked.customerId()) || !d.clientOrderId().equals(asked.clientOrderId())) {
            throw new ConflictException("clientOrderId", "clientOrderId " + asked.clientOrderId() + " cannot be used");
        }
        return new Placed(d.toOrder(), false);
    }

    private void placeRound(Map<String, Pending> firsts, Map<String, List<Pending>> repeats,
                            Map<String, Placed> answers, Map<String, RuntimeException> refusals, Set<String> deferred) {
        List<Order> round = firsts.values().stream().map(Pending::order).toList();
        List<CheckoutRound.Request> requests = round.stream().map(Checkouts::request).toList();
        Set<String> keys = new HashSet<>();
        requests.forEach(r -> r.quantities().keySet().forEach(sku -> keys.add(CheckoutRound.key(r.sessionId(), sku))));
        String holdId = "take:" + UUID.randomUUID();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Map<String, FlashStock> stocks = stocks(keys, attempt > 0);
            Map<String, Map<String, Integer>> bought = bought(requests, stocks);
            CheckoutRound.Result result = CheckoutRound.decide(requests, stocks, bought);
            Instant heldAt = clock.instant();
            if (take(result, holdId, heldAt)) {
                write(firsts, repeats, result, stocks, heldAt, holdId, answers, refusals, deferred);
                return;
            }
            // another instance or a top-up changed a stock since it was known: read again, decide again
        }
        throw new CheckoutUnavailableException("stock is changing too fast; retry with the same clientOrderId");
    }

    /** The stocks by key, from what this worker last wrote where it knows them (or read afresh). */
    private Map<String, FlashStock> stocks(Set<String> keys, boolean fresh) {
        Set<String> missing = fresh ? keys : keys.stream().filter(k -> !known.containsKey(k)).collect(
                Collectors.toSet());
        if (!missing.isEmpty()) {
            known.putAll(stock.stocks(missing));
        }
        Map<String, FlashStock> out = new HashMap<>();
        keys.forEach(k -> {
            FlashStock s = known.get(k);
            if (s != null) {
                out.put(k, s);
            }
        });
        return out;
    }

    /**
     * Takes the round's units: one compare-and-set per stock, which also ends the holds of earlier rounds that
     * have finished. On a lost race, gives back what this round took and answers false.
     */
    private boolean take(CheckoutRound.Result result, String holdId, Instant heldAt) {
        List<String> taken = new ArrayList<>();
        for (var t : result.takes().entrySet()) {
            String k = t.getKey();
            List<Finished> ending = finishedFor(k);
            FlashStock after = stock.apply(known.get(k), new FlashStock.Hold(holdId, heldAt, t.getValue()),
                    ending(ending));
            if (after == null) {
                finished.addAll(ending);
                known.remove(k);
                taken.forEach(done -> finished.add(new Finished(done, holdId, units(result, done))));
                endFinishedHolds();
                return false;
            }
            known.put(k, after);
            taken.add(k);
        }
        return true;
    }

    private static Map<String, Long> ending(List<Finished> finished) {
        Map<String, Long> out = new HashMap<>();
        finished.forEach(f -> out.merge(f.holdId(), f.giveBack(), Long::sum));
        return out;
    }

    private List<Finished> finishedFor(String key) {
        List<Finished> out = new ArrayList<>();
        finished.removeIf(f -> {
            if (f.key().equals(key)) {
                out.add(f);
                return true;
            }
            return false;
        });
        return out;
    }

    /** Ends the holds of finished rounds that no later round has ended yet (when checkouts pause). */
    private void endFinishedHolds() {
        Set<String> keys = new HashSet<>();
        finished.forEach(f -> keys.add(f.key()));
        for (String k : keys) {
            List<Finished> ending = finishedFor(k);
            try {
                FlashStock s = known.containsKey(k) ? known.get(k) : stock.stocks(Set.of(k)).get(k);
                FlashStock after = stock.apply(s, null, ending(ending));
                if (after == null) {
                    known.remove(k);
                    finished.addAll(ending);        // tried again with a fresh read next time
                } else {
                    known.put(k, after);
                }
            } catch (RuntimeException e) {
                known.remove(k);
                finished.addAll(ending);
                log.warn("ending finished holds on {} failed, retrying: {}", k, e.toString());
            }
        }
    }

    /**
     * What the round's customers hold of limited SKUs: their recorded purchases (read after the stocks), and
     * the units of rounds still in flight, from the stocks' holds (so two rounds on two instances cannot both
     * give a customer the last units of their limit). An order counted in both is counted once.
     */
    private Map<String, Map<String, Integer>> bought(List<CheckoutRound.Request> requests,
                                                     Map<String, FlashStock> stocks) {
        Set<String> keys = limitedPurchases(requests, stocks);
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<String, Integer>> held = new HashMap<>();
        purchases.holdings(keys).forEach((k, orders) -> held.put(k, new HashMap<>(orders)));
        for (FlashStock s : stocks.values()) {
            for (FlashStock.Hold h : s.holds()) {
                for (FlashStock.Unit u : h.units()) {
                    String k = u.customerId() == null ? null
                            : CheckoutRound.purchaseKey(s.sessionId(), u.customerId(), s.sku());
                    if (k != null && keys.contains(k) && h.holdId().startsWith("take:")) {
                        held.computeIfAbsent(k, x -> new HashMap<>()).put(u.orderId(), u.quantity());
                    }
                }
            }
        }
        return held;
    }

    /** The purchase keys the limit needs: only SKUs whose stock has a per-customer limit. */
    private static Set<String> limitedPurchases(List<CheckoutRound.Request> requests, Map<String, FlashStock> stocks) {
        Set<String> keys = new HashSet<>();
        for (CheckoutRound.Request r : requests) {
            for (String sku : r.quantities().keySet()) {
                FlashStock s = stocks.get(CheckoutRound.key(r.sessionId(), sku));
                if (s != null && s.perCustomerLimit() > 0) {
                    keys.add(CheckoutRound.purchaseKey(r.sessionId(), r.customerId(), sku));
                }
            }
        }
        return keys;
    }

    private void write(Map<String, Pending> firsts, Map<String, List<Pending>> repeats, CheckoutRound.Result result,
                       Map<String, FlashStock> stocks, Instant heldAt, String holdId, Map<String, Placed> answers,
                       Map<String, RuntimeException> refusals, Set<String> deferred) {
        List<Order> accepted = new ArrayList<>();
        for (Pending p : firsts.values()) {
            Order o = p.order();
            Verdict v = result.verdicts().get(o.id());
            if (v.outcome() == Outcome.ACCEPTED) {
                accepted.add(o);
            } else {
                refusals.put(o.id(), refusal(o, v));
            }
        }
        // the limit's record goes first: a crash before the orders are written over-counts until the recovery
        // drops the abandoned ones, never under-counts
        List<Purchases.Entry> limited = new ArrayList<>();
        for (Order o : accepted) {
            limited.addAll(limitEntries(o, stocks));
        }
        purchases.record(limited);
        if (Duration.between(heldAt, clock.instant()).compareTo(WRITE_DEADLINE) > 0) {
            log.warn("checkout round {} is past its write deadline; leaving its hold to the recovery", holdId);
            return;
        }
        Set<String> lost = insert(accepted, holdId);
        List<Order> written = accepted.stream().filter(o -> !lost.contains(o.id())).toList();
        // orders another writer created first (a retry on another instance, or an id marked abandoned) took
        // nothing here: their units go back with the end of the hold; answerRetries answers them
        Map<String, Long> giveBack = new HashMap<>();
        result.takes().forEach((k, units) -> giveBack.put(k, units.stream()
                .filter(u -> lost.contains(u.orderId())).mapToLong(FlashStock.Unit::quantity).sum()));
        if (!lost.isEmpty() && !limited.isEmpty()) {
            List<Purchases.Entry> stored = new ArrayList<>();
            for (OrderDoc d : mongo.find(query(where("_id").in(lost)), OrderDoc.class)) {
                if (!d.isAbandoned()) {
                    stored.addAll(limitEntries(d.toOrder(), stocks));
                }
            }
            purchases.record(stored);
        }
        written.forEach(o -> deferred.add(o.id()));
        List<Pending> waiting = written.stream().map(o -> firsts.get(o.id())).toList();
        finisher.execute(() -> finish(waiting, repeats, result, holdId, giveBack));
    }

    /**
     * After the orders are stored: sends their events, waits once for the acknowledgements, answers the
     * checkouts, and hands the hold back to the worker to end. Runs beside the next round.
     */
    private void finish(List<Pending> written, Map<String, List<Pending>> repeats, CheckoutRound.Result result,
                        String holdId, Map<String, Long> giveBack) {
        written.forEach(p -> metrics.placed(p.order()));     // stored: placed, whatever becomes of its event
        List<DirectPublisher.Outcome> outcomes;
        try {
            outcomes = publisher.publishAll(written.stream()
                    .map(p -> OrderEvents.placed(p.order()).withTraceparent(p.traceparent())).toList());
        } catch (RuntimeException e) {
            log.error("checkout round {}: publishing failed; recovery will resend", holdId, e);
            outcomes = written.stream().map(p -> DirectPublisher.Outcome.LOST).toList();
        }
        boolean recorded = true;
        for (int i = 0; i < written.size(); i++) {
            Pending p = written.get(i);
            schedules.placed(p.order().id(), p.order().placedAt());
            if (outcomes.get(i) == DirectPublisher.Outcome.LOST) {
                // stored, but its event is on neither Kafka nor the store yet: not confirmed to the customer;
                // the recovery announces it, and a retry answers the stored order
                recorded = false;
                RuntimeException e = new CheckoutUnavailableException("checkout could not be confirmed; retry "
                        + "with the same clientOrderId");
                p.answer().completeExceptionally(e);
                repeats.getOrDefault(p.order().id(), List.of()).forEach(r -> r.answer().completeExceptionally(e));
            } else {
                answer(p, repeats.get(p.order().id()), new Placed(p.order(), true));
            }
        }
        if (!recorded) {
            // neither Kafka nor the store took some events: the hold stays, and the recovery announces them
            log.error("checkout round {}: some OrderPlaced events could not be recorded; recovery will resend", holdId);
            return;
        }
        result.takes().keySet().forEach(k -> finished.add(new Finished(k, holdId, giveBack.getOrDefault(k, 0L))));
    }

    private static List<Purchases.Entry> limitEntries(Order o, Map<String, FlashStock> stocks) {
        List<Purchases.Entry> out = new ArrayList<>();
        request(o).quantities().forEach((sku, q) -> {
            FlashStock s = stocks.get(CheckoutRound.key(o.sessionId(), sku));
            if (s != null && s.perCustomerLimit() > 0) {
                out.add(new Purchases.Entry(CheckoutRound.purchaseKey(o.sessionId(), o.customerId(), sku), o.id(), q));
            }
        });
        return out;
    }

    /** Inserts the orders in one unordered bulk write; returns the ids that existed already. */
    private Set<String> insert(List<Order> orders, String holdId) {
        if (orders.isEmpty()) {
            return Set.of();
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, OrderDoc.class);
        orders.forEach(o -> bulk.insert(OrderDoc.of(o, holdId)));
        List<BulkWriteError> errors;
        try {
            bulk.execute();
            return Set.of();
        } catch (BulkOperationException e) {
            errors = e.getErrors();
        } catch (DuplicateKeyException e) {
            if (!(e.getCause() instanceof MongoBulkWriteException m)) {
                throw e;
            }
            errors = m.getWriteErrors();
        }
        Set<String> existing = new HashSet<>();
        for (BulkWriteError err : errors) {
            if (err.getCode() != DUPLICATE_KEY) {
                throw new IllegalStateException("inserting orders failed: " + err.getMessage());
            }
            existing.add(orders.get(err.getIndex()).id());
        }
        return existing;
    }

    private static CheckoutRound.Request request(Order o) {
        Map<String, Integer> q = new LinkedHashMap<>();
        o.lines().forEach(l -> q.merge(l.sku(), l.quantity(), Math::addExact));
        return new CheckoutRound.Request(o.id(), o.customerId(), o.sessionId(), q);
    }

    private static long units(CheckoutRound.Result r, String key) {
        return r.takes().get(key).stream().mapToLong(FlashStock.Unit::quantity).sum();
    }

    private static RuntimeException refusal(Order o, Verdict v) {
        String field = "lines[" + o.lines().stream().filter(l -> l.sku().equals(v.sku())).findFirst()
                .map(l -> l.lineNo() - 1).orElse(0) + "].sku";
        return switch (v.outcome()) {
            case SOLD_OUT, NOT_ON_SALE -> new ConflictException(field, v.detail());
            case OVER_LIMIT -> new ConflictException(field.replace(".sku", ".quantity"), v.detail());
            case ACCEPTED -> throw new IllegalArgumentException("accepted is no refusal");
        };
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("checkout-rounds").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        try {
            worker.join(10_000);
            finisher.shutdown();
            finisher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
