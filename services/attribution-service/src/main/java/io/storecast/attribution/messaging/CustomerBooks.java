package io.storecast.attribution.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.attribution.application.Attributions.AdjustmentCommand;
import io.storecast.attribution.application.Attributions.Change;
import io.storecast.attribution.application.Bookkeeping;
import io.storecast.attribution.application.ReferenceCatchUp;
import io.storecast.attribution.domain.Rollups;
import io.storecast.attribution.domain.TouchKind;
import io.storecast.attribution.persistence.AttributionDocuments.AdjustmentOutcomeDoc;
import io.storecast.attribution.persistence.AttributionDocuments.DecisionDoc;
import io.storecast.attribution.persistence.AttributionDocuments.LedgerDoc;
import io.storecast.attribution.persistence.AttributionDocuments.RefundDoc;
import io.storecast.attribution.persistence.AttributionDocuments.ShippingDoc;
import io.storecast.attribution.persistence.AttributionDocuments.TouchDoc;
import io.storecast.contracts.CloudEventHeaders;
import io.storecast.contracts.EventEnvelope;
import io.storecast.contracts.EventJson;
import io.storecast.contracts.Events;
import io.storecast.contracts.fulfilment.FulfilmentAssigned;
import io.storecast.contracts.orders.OrderCompleted;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.contracts.presence.ViewerReserved;
import io.storecast.platform.messaging.ConsumedEvent;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.NotYetKnownException;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.tracing.Traceparent;
import io.storecast.platform.problems.ConflictException;
import com.mongodb.MongoException;
import org.apache.kafka.common.KafkaException;
import org.springframework.dao.DataAccessException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One customer's books as the decision stream's state (ADR 0008): their touches, and per paid order its decision as it
 * reads now (refunds, completion, who ships it). Each event is applied once — a touch, decision, refund, completion or
 * assignment already in the books is a redelivery and changes nothing — and what it causes leaves in the same
 * transaction as the change of state: {@code OrderAttributed} and {@code CommissionEntryRecorded} to their topics, the
 * change itself to the read model's topic, how far it moves the finance reports' rows ({@link Rollups}: what the
 * order adds to them now minus what it added before) to the rows' topic, keyed by the rows' document, and a paid
 * order's fact to its live session's board when the store credited is new or another.
 */
final class CustomerBooks implements Processor<String, byte[], String, byte[]> {

    static final String STORE = "customer-books";
    static final String ATTRIBUTIONS = "attributions";
    static final String LEDGER = "ledger";
    static final String CHANGES = "changes";
    static final String ROWS = "to-rows";
    static final String BOARD = "to-board";
    /** The suffix of the key of an order's {@link Shipped}. */
    static final String SHIPPED = "|shipped";
    /**
     * How long a payment waits in the stream thread for this instance's memory of store-distribution's facts before
     * the thread gives up and is replaced (the transaction aborted, the payment read again): a decision is never taken
     * without them. Well inside the transaction's time-out (Kafka Streams' 10 s under exactly-once), which would
     * otherwise abort it and fence the thread's producer while it waits.
     */
    private static final Duration REFERENCE_WAIT = Duration.ofSeconds(5);
    /**
     * How many books a task keeps as the objects they were written from ({@link RecentlyWritten}): at 2,000 paid orders
     * a second over three tasks, what an order's book is kept for (its assignment, 0.1-1 s later) is some hundreds.
     */
    private static final int RECENT = 2048;
    /** The types of the books' facts; the topics' other events are passed by unread. */
    private static final Set<String> TYPES = Set.of(Events.VIEWER_JOINED.name(), Events.VIEWER_RESERVED.name(),
            Events.ORDER_PLACED.name(), Events.ORDER_PAID.name(), Events.ORDER_REFUNDED.name(),
            Events.ORDER_COMPLETED.name(), Events.FULFILMENT_ASSIGNED.name());

    /**
     * The state of one customer (key: the customer id): touches in arrival order, and the fulfilment assignments that
     * came before their order's decision (the first per order), applied when it is taken. Each paid order is an
     * {@link OrderBook} of its own, so what is read and written per event does not grow with the customer's history.
     */
    record Book(List<TouchDoc> touches, List<Early> early) {

        Book {
            early = early == null ? List.of() : early;
        }

        Book with(TouchDoc touch) {
            List<TouchDoc> all = new ArrayList<>(touches);
            all.add(touch);
            return new Book(all, early);
        }

        Optional<Early> earlyFor(String orderId) {
            return early.stream().filter(x -> x.assignment().orderId().equals(orderId)).findFirst();
        }

        Book waiting(Early assignment) {
            List<Early> all = new ArrayList<>(early);
            all.add(assignment);
            return new Book(touches, all);
        }

        Book without(String orderId) {
            return new Book(touches, early.stream().filter(x -> !x.assignment().orderId().equals(orderId)).toList());
        }
    }

    /**
     * One paid order of a customer (key: {@code customerId|orderId}, in the same task as the customer): its decision
     * as it reads now, every ledger entry written for it (an adjustment moves what each beneficiary holds), and the
     * live session it was paid in, if any (its leaderboard).
     */
    record OrderBook(DecisionDoc decision, List<LedgerDoc> entries, String sessionId) {
    }

    /**
     * Who ships a paid order, from its first fulfilment assignment, and the fee that earned (none when the HQ warehouse
     * ships it), kept under its own key ({@code customerId|orderId|shipped}) so the assignment writes this alone
     * instead of the order's whole book again; {@link #order} puts them together. Once the order's book is next
     * written whole (a refund, its completion, an adjustment) the book holds them too and this is no longer read.
     */
    record Shipped(ShippingDoc shipping, List<LedgerDoc> entries) {
    }

    /** An assignment that came before its order's decision, with the envelope it came in. */
    record Early(FulfilmentAssigned assignment, String correlationId, String causationId) {
    }

    private final EventReader reader;
    private final String adjustments;
    private final Bookkeeping books;
    private final ReferenceCatchUp catchUp;
    private final DeadLetters dead;
    private final MeterRegistry meters;
    private final RecentlyWritten recent = new RecentlyWritten(RECENT);
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;
    /** The timestamp of the record being processed. */
    private long inputAt;
    /** The trace context the record being processed came with (its {@code traceparent}), carried to what it causes. */
    private Header inputTrace;

    CustomerBooks(EventReader reader, String adjustments, Bookkeeping books, ReferenceCatchUp catchUp,
                  DeadLetters dead, MeterRegistry meters) {
        this.reader = reader;
        this.adjustments = adjustments;
        this.books = books;
        this.catchUp = catchUp;
        this.dead = dead;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        inputAt = record.timestamp();
        inputTrace = record.headers().lastHeader(Traceparent.HEADER);
        if (context.recordMetadata().map(m -> m.topic().equals(adjustments)).orElse(false)) {
            AdjustmentCommand command;
            try {
                command = EventJson.read(record.value(), AdjustmentCommand.class);
            } catch (RuntimeException unreadable) {
                dead.send(context, record, "unreadable adjustment: " + unreadable.getMessage());
                return;
            }
            try {
                adjust(command);
            } catch (KafkaException | DataAccessException | MongoException passing) {
                throw passing;      // may pass: the command is read again
            } catch (RuntimeException unusable) {
                // fails every time: dead-lettered rather than read again forever; nothing was kept for it, and the
                // endpoint waiting for the answer gives up (503; the same adjustment id again is safe)
                dead.send(context, record, String.valueOf(unusable));
            }
            return;
        }
        if (EventReader.namesNoneOf(record.headers(), TYPES)) {
            return;     // a departure, say: not worth parsing
        }
        Optional<ConsumedEvent<?>> read = dead.read(reader, context, record);
        if (read.isEmpty()) {
            return;
        }
        try {
            apply(read.get(), record);
        } catch (NotYetKnownException | KafkaException | DataAccessException | MongoException passing) {
            // the thread is replaced and the record read again (its transaction aborted): the broker, or the store
            // behind a fact memory does not hold, may answer then; such a record is not poison
            throw passing;
        } catch (RuntimeException unusable) {
            // what fails otherwise fails every time (a payment without lines, say); it changed nothing, since the
            // books are saved only after all is computed
            dead.send(context, record, String.valueOf(unusable));
        }
    }

    private void apply(ConsumedEvent<?> event, Record<String, byte[]> record) {
        EventEnvelope e = event.envelope();
        switch (event.payload()) {
            case ViewerJoined j when j.ref() != null -> touch(new TouchDoc("join:" + e.eventId(), j.customerId(),
                    j.ref(), TouchKind.JOIN.name(), j.joinedAt(), e.occurredAt()));
            // one reservation per customer and session: the id needs no event id
            case ViewerReserved v when v.ref() != null -> touch(new TouchDoc("reserve:" + v.sessionId() + ":"
                    + v.customerId(), v.customerId(), v.ref(), TouchKind.RESERVE.name(), v.reservedAt(),
                    e.occurredAt()));
            case OrderPlaced p when p.ref() != null -> touch(new TouchDoc("checkout:" + p.orderId(), p.customerId(),
                    p.ref(), TouchKind.CHECKOUT.name(), p.placedAt(), e.occurredAt()));
            case OrderPaid p -> paid(p, e);
            case OrderRefunded r -> refunded(r, e, record);
            case OrderCompleted c -> completed(c, record);
            case FulfilmentAssigned f -> assigned(f, e);
            default -> { }
        }
    }

    private void touch(TouchDoc touch) {
        Book book = book(touch.customerId());
        if (book.touches().stream().anyMatch(t -> t.id().equals(touch.id()))) {
            return;
        }
        save(touch.customerId(), book.with(touch));
        change(touch.customerId(), new Change(List.of(touch), null, List.of(), false, null, null));
    }

    private void paid(OrderPaid p, EventEnvelope e) {
        if (order(p.customerId(), p.orderId()) != null) {
            return;
        }
        Book book = book(p.customerId());
        NotYetKnownException waiting = catchUp.await(p.orderId(), e.occurredAt().toEpochMilli(), REFERENCE_WAIT);
        if (waiting != null) {
            throw waiting;
        }
        DecisionDoc decision = books.decide(p, e, Bookkeeping.sorted(book.touches()));
        List<LedgerDoc> entries = new ArrayList<>(books.accruals(decision, e.correlationId(), e.eventId()));
        List<OutboxRecord> attributed = decision.outbox();
        decision = decision.withOutbox(List.of());
        Early early = book.earlyFor(p.orderId()).orElse(null);
        if (early != null) {
            decision = decision.withFulfilment(early.assignment().assignee(), early.assignment().storeId());
            entries.addAll(fee(decision, early.correlationId(), early.causationId()));
        }
        record(null, p.sessionId(), decision, entries, false, null, null);
        if (early != null) {
            save(p.customerId(), book.without(p.orderId()));    // once all is computed, as record keeps its own
        }
        attributed.forEach(o -> send(o, ATTRIBUTIONS));
    }

    private void refunded(OrderRefunded r, EventEnvelope e, Record<String, byte[]> record) {
        OrderBook order = order(r.customerId(), r.orderId());
        if (order == null) {
            // the payment precedes its refunds on the customer's partition: it was dead-lettered, so is this
            dead.send(context, record, "refund " + r.refundId() + " of order " + r.orderId() + " without its decision");
            return;
        }
        DecisionDoc before = order.decision();
        if (before.refunds().stream().anyMatch(x -> x.refundId().equals(r.refundId()))) {
            return;
        }
        RefundDoc refund;
        try {
            refund = books.refund(before, r);
        } catch (IllegalArgumentException misfit) {
            dead.send(context, record, misfit.getMessage());
            return;
        }
        DecisionDoc after = before.withRefund(refund);
        record(order, after, books.reversals(after, r, e), false);
    }

    private void completed(OrderCompleted c, Record<String, byte[]> record) {
        OrderBook order = order(c.customerId(), c.orderId());
        if (order == null) {
            dead.send(context, record, "order " + c.orderId() + " completed without its decision");
            return;
        }
        if (order.decision().completedAt() == null) {
            record(order, order.decision().withCompletedAt(c.completedAt()), List.of(), true);
        }
    }

    /** Who ships the order (the first assignment stands) and, when that is a store, its fulfilment fee. */
    private void assigned(FulfilmentAssigned f, EventEnvelope e) {
        OrderBook order = order(f.customerId(), f.orderId());
        if (order == null) {
            // store-distribution assigns after reading the decision, but a replay may read the topics in another
            // order: the first assignment waits for the payment
            Book book = book(f.customerId());
            if (book.earlyFor(f.orderId()).isEmpty()) {
                save(f.customerId(), book.waiting(new Early(f, e.correlationId(), e.eventId())));
            }
            return;
        }
        if (order.decision().fulfilmentAssignee() != null) {
            return;
        }
        DecisionDoc after = order.decision().withFulfilment(f.assignee(), f.storeId());
        // the fee, if a store ships it and the plan pays one (no entry, and no row moves, when the HQ warehouse does);
        // the read model is told who ships it rather than sent the decision whole again
        record(order, order.sessionId(), after, fee(after, e.correlationId(), e.eventId()), false, null,
                new ShippingDoc(after.orderId(), after.fulfilmentAssignee(), after.fulfilmentStoreId()));
    }

    /** The fulfilment store's fee on an order (none when the HQ warehouse ships it). */
    private List<LedgerDoc> fee(DecisionDoc decision, String correlationId, String causationId) {
        return decision.fulfilmentStoreId() == null ? List.of()
                : Bookkeeping.ledgerDocs(books.fulfilmentFee(decision), decision, correlationId, causationId);
    }

    /** The next {@code record}, for an order already in the books (its session as they hold it). */
    private void record(OrderBook before, DecisionDoc decision, List<LedgerDoc> entries, boolean completed) {
        record(before, before.sessionId(), decision, entries, completed, null, null);
    }

    /**
     * The order's decision as it now reads into the books (with {@code entries} added to those {@code before} held);
     * its entries' events out; the change to the read model; the report rows' movement; and, when the store credited
     * is new or another, the paid order's fact to its session's leaderboard: taken from the store counted before,
     * given to the store credited now. With {@code shipping}, the decision differs from the one {@code before} only in
     * who ships the order: the books keep that and its fee alone ({@link Shipped}), and the read model is told that
     * alone.
     */
    private void record(OrderBook before, String sessionId, DecisionDoc decision, List<LedgerDoc> entries,
                        boolean completed, AdjustmentOutcomeDoc outcome, ShippingDoc shipping) {
        List<LedgerDoc> written = entries.stream().map(x -> x.withOutbox(List.of())).toList();
        List<LedgerDoc> all = new ArrayList<>(before == null ? List.of() : before.entries());
        all.addAll(written);
        OrderBook after = new OrderBook(decision, all, sessionId);
        String key = decision.customerId() + "|" + decision.orderId();
        // everything this change sends is computed before anything is kept or sent: what fails here (an amount past
        // a long) fails the whole change, which then leaves the books as they were
        Map<String, long[]> rows = Rollups.difference(Rollups.of(rollup(before)), Rollups.of(rollup(after)));
        List<BoardFact> board = new ArrayList<>();
        BoardCredit was = BoardCredit.of(before), is = BoardCredit.of(after);
        if (sessionId != null && !Objects.equals(was, is)) {
            if (was != null) {
                board.add(paidFact(after, was, Math.negateExact(decision.paidAmount())));
            }
            if (is != null) {
                board.add(paidFact(after, is, decision.paidAmount()));
            }
        }
        if (shipping != null) {
            store.put(key + SHIPPED, EventJson.write(new Shipped(shipping, written)));
        } else {
            save(key, after);
        }
        entries.forEach(x -> x.outbox().forEach(o -> send(o, LEDGER)));
        change(decision.orderId(), shipping != null ? new Change(List.of(), null, written, completed, outcome, shipping)
                : new Change(List.of(), decision, written, completed, outcome, null));
        rows.forEach((row, delta) -> {
            RowDelta d = new RowDelta(row, delta);
            context.forward(new Record<>(d.bucket(), d.encode(), inputAt), ROWS);
        });
        // stamped with the input's time, so the board's staleness counts the decision stream's own lag too
        board.forEach(f -> context.forward(new Record<>(f.sessionId(), f.encode(), inputAt), BOARD));
        written.forEach(x -> commission(sessionId, x));
    }

    /**
     * The broadcast's commission as business metrics, as the reports split it: what the entries add,
     * {@code storecast_commission_accrued_fen_total{session,currency}}, and what they take back,
     * {@code storecast_commission_reversed_fen_total} ({@code session} is {@code none} for an order paid outside a
     * live session). A metric, not the books: a transaction aborted and processed again counts twice.
     */
    private void commission(String sessionId, LedgerDoc entry) {
        if (entry.amount() == 0) {
            return;
        }
        Counter.builder(entry.amount() > 0 ? "storecast.commission.accrued" : "storecast.commission.reversed")
                .baseUnit("fen").tag("session", sessionId == null ? "none" : sessionId)
                .tag("currency", entry.currency()).register(meters).increment(Math.abs(entry.amount()));
    }

    /** The order as the reports count it ({@code null} before its payment is decided). */
    private static Rollups.Order rollup(OrderBook order) {
        if (order == null) {
            return null;
        }
        DecisionDoc d = order.decision();
        return new Rollups.Order(d.paidPeriod(), d.paidAmount(), d.creditedType(), d.storeId(), d.dealerId(),
                d.staffId(), d.refunds().stream().map(r -> new Rollups.Refund(r.period(), r.amount())).toList(),
                order.entries().stream().map(e -> new Rollups.Entry(e.period(), e.beneficiaryType(), e.beneficiaryId(),
                        e.amount())).toList(), d.completedAt() != null);
    }

    /**
     * The store (and staff member) a paid order counts for on its session's board (null before its payment is
     * decided): {@link #NONE} unless a store is credited. An order credited to none still sells in its pinned
     * product's segment, and its buyer is on no store's follow-up list; an adjustment that moves it between a store
     * and none moves it on the board like one between two stores.
     */
    private record BoardCredit(String storeId, String staffId) {

        static final BoardCredit NONE = new BoardCredit(null, null);

        static BoardCredit of(OrderBook order) {
            if (order == null) {
                return null;
            }
            if (!"STORE".equals(order.decision().creditedType()) || order.decision().storeId() == null) {
                return NONE;
            }
            return new BoardCredit(order.decision().storeId(), order.decision().staffId());
        }
    }

    /** The paid order's fact, at its placing time (which pinned product's segment it sold in). */
    private BoardFact paidFact(OrderBook order, BoardCredit credit, long amount) {
        DecisionDoc d = order.decision();
        return new BoardFact('P', order.sessionId(), null, null, credit.storeId(), credit.staffId(), d.customerId(),
                d.orderId(), amount, d.placedAt() == null ? inputAt : d.placedAt().toEpochMilli());
    }

    /**
     * HQ's adjustment of an order's decision ({@link Bookkeeping#adjust}), answered through the read model: applied —
     * the new version, its entries and its {@code OrderAttributed} — or refused with the field at fault.
     */
    private void adjust(AdjustmentCommand c) {
        String id = c.requestId();
        OrderBook order = order(c.customerId(), c.orderId());
        if (order == null) {
            change(c.orderId(), new Change(List.of(), null, List.of(), false, new AdjustmentOutcomeDoc(id, "REFUSED",
                    0, "orderId", "order " + c.orderId() + " has no decision", c.requestedAt()), null));
            return;
        }
        DecisionDoc current = order.decision();
        Bookkeeping.Adjusted adjusted;
        try {
            adjusted = books.adjust(current, order.entries(), c.adjustmentId(), c.basedOnVersion(),
                    c.credit(), c.adjustedBy(), c.reason(), c.requestedAt());
        } catch (ConflictException refused) {
            change(c.orderId(), new Change(List.of(), null, List.of(), false, new AdjustmentOutcomeDoc(id, "REFUSED",
                    current.decisionVersion(), refused.field(), refused.getMessage(), c.requestedAt()), null));
            return;
        }
        DecisionDoc after = adjusted.decision();
        record(order, order.sessionId(), after.withOutbox(List.of()), adjusted.entries(), false,
                new AdjustmentOutcomeDoc(id, "APPLIED", after.decisionVersion(), null, null, c.requestedAt()), null);
        after.outbox().forEach(o -> send(o, ATTRIBUTIONS));
    }

    private Book book(String customerId) {
        byte[] json = store.get(customerId);
        return json == null ? new Book(List.of(), List.of()) : recent.take(customerId, json, Book.class);
    }

    /** A customer's book is read at their next touch or payment, usually soon: kept as written until then. */
    private void save(String customerId, Book book) {
        byte[] json = EventJson.write(book);
        store.put(customerId, json);
        recent.keep(customerId, json, book);
    }

    /**
     * A paid order's book as it reads now (null before its payment is decided): who ships it and its fee put in while
     * they are kept apart ({@link Shipped}).
     */
    private OrderBook order(String customerId, String orderId) {
        String key = customerId + "|" + orderId;
        byte[] json = store.get(key);
        if (json == null) {
            return null;
        }
        OrderBook order = recent.take(key, json, OrderBook.class);
        byte[] shipped = order.decision().fulfilmentAssignee() == null ? store.get(key + SHIPPED) : null;
        if (shipped == null) {
            return order;
        }
        Shipped s = EventJson.read(shipped, Shipped.class);
        List<LedgerDoc> all = new ArrayList<>(order.entries());
        all.addAll(s.entries());
        return new OrderBook(order.decision().withFulfilment(s.shipping().assignee(), s.shipping().storeId()), all,
                order.sessionId());
    }

    /** An order's book is read again when its fulfilment assignment comes: kept as written until then. */
    private void save(String key, OrderBook order) {
        byte[] json = EventJson.write(order);
        store.put(key, json);
        if (order.decision().fulfilmentAssignee() == null) {
            recent.keep(key, json, order);
        }
    }

    private void change(String key, Change change) {
        context.forward(new Record<>(key, EventJson.write(change), context.currentSystemTimeMs()), CHANGES);
    }

    /** An event as the outbox relay would publish it: its key, JSON, the envelope as CloudEvents headers. */
    private void send(OutboxRecord o, String sink) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.toHeaders(o.envelope()).forEach(headers::add);
        if (inputTrace != null) {
            headers.add(inputTrace);            // the payment's trace goes on to its decision and ledger entries
        }
        context.forward(new Record<>(o.key(), o.payload().getBytes(StandardCharsets.UTF_8),
                context.currentSystemTimeMs(), headers), sink);
        meters.counter("storecast.events.published", "type", o.type()).increment();
    }
}
