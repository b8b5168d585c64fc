package io.storecast.attribution.messaging;

import io.storecast.attribution.domain.CommissionRules;
import io.storecast.attribution.domain.Rollups;
import io.storecast.contracts.EventJson;
import io.storecast.contracts.Events;
import io.storecast.contracts.attribution.CommissionEntryRecorded;
import io.storecast.contracts.attribution.OrderAttributed;
import io.storecast.contracts.orders.OrderCompleted;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.platform.messaging.ConsumedEvent;
import io.storecast.platform.messaging.EventReader;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;

/**
 * One order's part of the report rollups, kept as the order's state in a store that commits with the output: its
 * sales (payment, decision, refunds — from the customer-keyed topics) or its ledger entries and completion (from the
 * order-keyed ledger topic and the completions re-keyed by order). Each fact changes the state at most once (by the
 * decision's version, the refund's id, the entry's id), and what goes on to the rows is the difference between what
 * the order added before and what it adds now ({@link Rollups#difference}), keyed by the rows' document.
 */
final class OrderRollup implements Processor<String, byte[], String, byte[]> {

    static final String SALES = "rollup-sales";
    static final String ENTRIES = "rollup-entries";
    static final byte[] COMPLETED = "completed".getBytes(StandardCharsets.UTF_8);
    /** The event types each part reads; the rest of its topics (placements above all) is passed by unread. */
    private static final Set<String> SALES_TYPES = Set.of(Events.ORDER_PAID.name(), Events.ORDER_ATTRIBUTED.name(),
            Events.ORDER_REFUNDED.name(), Events.ORDER_COMPLETED.name());
    private static final Set<String> ENTRY_TYPES = Set.of(Events.COMMISSION_ENTRY_RECORDED.name());

    private final EventReader reader;
    private final DeadLetters deadLetters;
    private final ZoneId zone;
    private final boolean sales;
    private final String completions;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, String> store;

    /**
     * {@code sales}: the customer-keyed part; otherwise the order-keyed entries part, which also reads the
     * completions (topic {@code completions}, forwarded by the sales part).
     */
    OrderRollup(EventReader reader, DeadLetters deadLetters, ZoneId zone, boolean sales, String completions) {
        this.reader = reader;
        this.deadLetters = deadLetters;
        this.zone = zone;
        this.sales = sales;
        this.completions = completions;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        store = context.getStateStore(sales ? SALES : ENTRIES);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (!sales && completions.equals(context.recordMetadata().map(m -> m.topic()).orElse(null))) {
            completed(record.key(), record.timestamp());
            return;
        }
        if (EventReader.namesNoneOf(record.headers(), sales ? SALES_TYPES : ENTRY_TYPES)) {
            return;     // not a fact of this part: not worth parsing
        }
        ConsumedEvent<?> e = deadLetters.read(reader, context, record).orElse(null);
        if (e == null) {
            return;
        }
        long at = record.timestamp();
        switch (e.payload()) {
            case OrderPaid p when sales -> {
                Rollups.Sales s = salesOf(p.orderId());
                move(p.orderId(), s, s.paid(CommissionRules.period(p.paidAt(), zone), p.amount()), at);
            }
            case OrderAttributed a when sales -> {
                Rollups.Sales s = salesOf(a.orderId());
                move(a.orderId(), s, s.credited(a.decisionVersion(), a.creditedType(), a.storeId(), a.dealerId(),
                        a.staffId()), at);
            }
            case OrderRefunded r when sales -> {
                Rollups.Sales s = salesOf(r.orderId());
                move(r.orderId(), s, s.refunded(r.refundId(), new Rollups.Refund(CommissionRules.period(
                        r.refundedAt(), zone), r.amount())), at);
            }
            case OrderCompleted c when sales ->
                    context.forward(new Record<>(c.orderId(), COMPLETED, at), ReportRollupStream.TO_ORDERS);
            case CommissionEntryRecorded entry when !sales -> {
                Rollups.Entries s = entriesOf(entry.orderId());
                move(entry.orderId(), s, s.recorded(entry.entryId(), new Rollups.Entry(entry.period(),
                        entry.beneficiaryType(), entry.beneficiaryId(), entry.amount())), at);
            }
            default -> { }
        }
    }

    private void completed(String orderId, long at) {
        Rollups.Entries s = entriesOf(orderId);
        move(orderId, s, s.complete(), at);
    }

    private Rollups.Sales salesOf(String orderId) {
        String json = store.get(orderId);
        return json == null ? Rollups.Sales.NONE : EventJson.read(json.getBytes(StandardCharsets.UTF_8),
                Rollups.Sales.class);
    }

    private Rollups.Entries entriesOf(String orderId) {
        String json = store.get(orderId);
        return json == null ? Rollups.Entries.NONE : EventJson.read(json.getBytes(StandardCharsets.UTF_8),
                Rollups.Entries.class);
    }

    /** Keeps the order's new state and moves the rows by what it changes (nothing when the fact was known). */
    private void move(String orderId, Rollups.Sales before, Rollups.Sales after, long at) {
        if (after == before) {
            return;
        }
        store.put(orderId, EventJson.writeString(after));
        forward(Rollups.difference(Rollups.of(before), Rollups.of(after)), at);
    }

    private void move(String orderId, Rollups.Entries before, Rollups.Entries after, long at) {
        if (after == before) {
            return;
        }
        store.put(orderId, EventJson.writeString(after));
        forward(Rollups.difference(Rollups.of(before), Rollups.of(after)), at);
    }

    private void forward(Map<String, long[]> deltas, long at) {
        deltas.forEach((row, delta) -> {
            RowDelta d = new RowDelta(row, delta);
            context.forward(new Record<>(d.bucket(), d.encode(), at), ReportRollupStream.TO_ROWS);
        });
    }
}
