package io.storecast.attribution.messaging;

import io.storecast.attribution.application.Attributions;
import io.storecast.attribution.application.ReferenceViews;
import io.storecast.attribution.domain.TouchKind;
import io.storecast.contracts.Topics;
import io.storecast.contracts.fulfilment.FulfilmentAssigned;
import io.storecast.contracts.orders.OrderCompleted;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.contracts.presence.ViewerReserved;
import io.storecast.platform.messaging.ConsumedEvent;
import io.storecast.platform.messaging.EventReader;
import io.storecast.attribution.persistence.AttributionDocuments.TouchDoc;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * attribution-service's consumers, all in the group {@code attribution-service} (the listener ids only
 * name the containers). A failing record is retried with backoff, then dead-lettered to
 * {@code <topic>.attribution-service.dlt}; every handler is idempotent (see {@link Attributions}).
 */
@Component
class AttributionListeners {

    private final EventReader reader;
    private final ReferenceViews reference;
    private final Attributions attributions;

    AttributionListeners(EventReader reader, ReferenceViews reference, Attributions attributions) {
        this.reader = reader;
        this.reference = reference;
        this.attributions = attributions;
    }

    @KafkaListener(id = "attribution-reference", idIsGroup = false, topics = {Topics.NETWORK, Topics.LINKS, Topics.COMMISSION_PLANS})
    void reference(ConsumerRecord<String, byte[]> record) {
        reader.read(record).ifPresent(e -> reference.on(e.payload()));
    }

    /**
     * This instance's memory of store-distribution's facts ({@link ReferenceViews}): a group of its own, from the start
     * of the topics, so that it holds every fact the topics still hold and knows up to which offset it does.
     */
    @KafkaListener(id = "attribution-reference-memory", idIsGroup = false,
            groupId = "#{'${spring.application.name}-reference-memory-' + T(java.util.UUID).randomUUID()}",
            topics = {Topics.NETWORK, Topics.LINKS, Topics.COMMISSION_PLANS}, properties = "auto.offset.reset=earliest")
    void remember(ConsumerRecord<String, byte[]> record) {
        Object fact;
        try {
            fact = reader.read(record).map(ConsumedEvent::payload).orElse(null);
        } catch (RuntimeException unreadable) {
            fact = null;                             // the group's reader dead-letters it; memory goes past it
        }
        reference.remember(fact, new TopicPartition(record.topic(), record.partition()), record.offset());
    }

    /**
     * The presence topic a batch at a time: the batch's touches are written in one round trip (a write per join held
     * the listener thousands of joins behind under a broadcast's load). A failing record is named to the container,
     * which commits what came before it and retries (or dead-letters) from there.
     */
    @KafkaListener(id = "attribution-presence", idIsGroup = false, topics = Topics.PRESENCE,
            containerFactory = "batchListenerContainerFactory")
    void presence(List<ConsumerRecord<String, byte[]>> records) {
        List<TouchDoc> touches = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> from = new ArrayList<>();
        readBatch(records, (r, e) -> {
            TouchDoc touch = switch (e.payload()) {
                case ViewerJoined j when j.ref() != null -> new TouchDoc("join:" + e.envelope().eventId(),
                        j.customerId(), j.ref(), TouchKind.JOIN.name(), j.joinedAt(), e.envelope().occurredAt());
                // one reservation per customer and session: the id needs no event id
                case ViewerReserved v when v.ref() != null -> new TouchDoc("reserve:" + v.sessionId() + ":"
                        + v.customerId(), v.customerId(), v.ref(), TouchKind.RESERVE.name(), v.reservedAt(),
                        e.envelope().occurredAt());
                default -> null;
            };
            if (touch != null) {
                touches.add(touch);
                from.add(r);
            }
        }, () -> writeNaming(touches, from, attributions::recordTouches));
    }

    /**
     * The fulfilment topic a batch at a time: the batch's assignments are written together. A failing record is
     * named to the container, which commits what came before it and retries (or dead-letters) from there.
     */
    @KafkaListener(id = "attribution-fulfilment", idIsGroup = false, topics = Topics.FULFILMENT,
            containerFactory = "batchListenerContainerFactory")
    void fulfilment(List<ConsumerRecord<String, byte[]>> records) {
        List<Attributions.Assigned> assigned = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> from = new ArrayList<>();
        readBatch(records, (r, e) -> {
            if (e.payload() instanceof FulfilmentAssigned f) {
                assigned.add(new Attributions.Assigned(f, e.envelope()));
                from.add(r);
            }
        }, () -> writeNaming(assigned, from, attributions::onFulfilmentsAssigned));
    }

    /**
     * Hands each readable event of a batch, in order, to {@code each}; then, and before naming an unreadable record
     * to the container (which dead-letters it), runs {@code flush} so what came before it is written.
     */
    private void readBatch(List<ConsumerRecord<String, byte[]>> records,
                           BiConsumer<ConsumerRecord<String, byte[]>, ConsumedEvent<?>> each, Runnable flush) {
        for (ConsumerRecord<String, byte[]> r : records) {
            ConsumedEvent<?> e;
            try {
                e = reader.read(r).orElse(null);
            } catch (RuntimeException unreadable) {
                flush.run();
                throw new BatchListenerFailedException(unreadable.getMessage(), unreadable, r);
            }
            if (e != null) {
                each.accept(r, e);
            }
        }
        flush.run();
    }

    /**
     * Writes what a batch gathered ({@code from.get(i)} the record of {@code items.get(i)}); on failure names the
     * record to the container: the one a fact is missing for, or the one whose write fails, found by writing them
     * one at a time (those before it are written again, which changes nothing), so only it is retried and
     * dead-lettered.
     */
    private static <T> void writeNaming(List<T> items, List<ConsumerRecord<String, byte[]>> from,
                                        Consumer<List<T>> write) {
        if (items.isEmpty()) {
            return;
        }
        try {
            write.accept(items);
        } catch (Attributions.NotYetKnown waiting) {
            throw new BatchListenerFailedException(waiting.getMessage(), waiting, from.get(waiting.index()));
        } catch (RuntimeException e) {
            for (int i = 0; i < items.size(); i++) {
                try {
                    write.accept(List.of(items.get(i)));
                } catch (RuntimeException failing) {
                    throw new BatchListenerFailedException(failing.getMessage(), failing, from.get(i));
                }
            }
            throw new BatchListenerFailedException(e.getMessage(), e, from.getFirst());
        }
    }

    /**
     * The orders topic a batch at a time, in order: placements and payments are gathered and written together (the
     * touches first, then every decision and accrual of the batch in a few bulk round trips), refunds and completions
     * one by one where they stand. A failing record is named to the container, which commits what came before it and
     * retries (or dead-letters) from there.
     */
    @KafkaListener(id = "attribution-orders", idIsGroup = false, topics = Topics.ORDERS,
            containerFactory = "batchListenerContainerFactory", concurrency = "${storecast.partitions:3}")
    void orders(List<ConsumerRecord<String, byte[]>> records) {
        Run run = new Run();
        readBatch(records, (r, e) -> {
            switch (e.payload()) {
                case OrderPlaced p when p.ref() != null -> run.add(r, new TouchDoc("checkout:" + p.orderId(),
                        p.customerId(), p.ref(), TouchKind.CHECKOUT.name(), p.placedAt(), e.envelope().occurredAt()));
                case OrderPaid p -> run.add(r, new Attributions.Paid(p, e.envelope()));
                case OrderRefunded refund -> run.flushThen(r, () -> attributions.onOrderRefunded(refund, e.envelope()));
                case OrderCompleted c -> run.flushThen(r, () -> attributions.onOrderCompleted(c));
                default -> { }
            }
        }, run::flush);
    }

    /** Placements and payments gathered since the last refund or completion, written together. */
    private final class Run {
        private final List<TouchDoc> touches = new ArrayList<>();
        private final List<ConsumerRecord<String, byte[]>> touchRecords = new ArrayList<>();
        private final List<Attributions.Paid> payments = new ArrayList<>();
        private final List<ConsumerRecord<String, byte[]>> paymentRecords = new ArrayList<>();
        private ConsumerRecord<String, byte[]> first;

        void add(ConsumerRecord<String, byte[]> r, TouchDoc t) {
            first = first == null ? r : first;
            touches.add(t);
            touchRecords.add(r);
        }

        void add(ConsumerRecord<String, byte[]> r, Attributions.Paid p) {
            first = first == null ? r : first;
            payments.add(p);
            paymentRecords.add(r);
        }

        void flushThen(ConsumerRecord<String, byte[]> r, Runnable handler) {
            flush();
            try {
                handler.run();
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException(e.getMessage(), e, r);
            }
        }

        void flush() {
            if (first == null) {
                return;
            }
            try {
                attributions.recordTouches(touches);
                attributions.onOrdersPaid(payments);
            } catch (Attributions.NotYetKnown waiting) {
                throw new BatchListenerFailedException(waiting.getMessage(), waiting,
                        paymentRecords.get(waiting.index()));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException(e.getMessage(), e, failing(e));
            }
            touches.clear();
            touchRecords.clear();
            payments.clear();
            paymentRecords.clear();
            first = null;
        }

        /**
         * The record whose write fails, found by writing them one at a time (those already written are written
         * again, which changes nothing), so that only it is retried and dead-lettered.
         */
        private ConsumerRecord<String, byte[]> failing(RuntimeException e) {
            for (int i = 0; i < touches.size(); i++) {
                try {
                    attributions.recordTouches(List.of(touches.get(i)));
                } catch (RuntimeException failing) {
                    return touchRecords.get(i);
                }
            }
            for (int i = 0; i < payments.size(); i++) {
                try {
                    attributions.onOrdersPaid(List.of(payments.get(i)));
                } catch (RuntimeException failing) {
                    return paymentRecords.get(i);
                }
            }
            return first;
        }
    }
}
