package io.storecast.platform.outbox;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the events waiting in the {@code outbox} array of documents, then pulls them from the
 * documents. A writer tells the relay which document it just wrote ({@link #wake(Class, Object)}), so the
 * hot path reads documents by id; a sweep over the configured collections (at start-up and every
 * {@code sweepEvery}) catches what a crash left behind. At-least-once: a crash after the send and before
 * the pull sends the event again with the same event id, which consumers deduplicate. Events of one
 * document are sent in the order they were written.
 */
public class OutboxRelay implements SmartLifecycle {

    public static final String FIELD = "outbox";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final long SWEEP_EVERY_MS = 30_000;

    /** A document written with {@code events} in its outbox, or (null) with events to be read from it. */
    private record Written(String collection, Object id, List<OutboxRecord> events) {
    }

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, byte[]> kafka;
    private final List<String> collections;
    private final MeterRegistry meters;
    private final ConcurrentLinkedQueue<Written> written = new ConcurrentLinkedQueue<>();
    private final Object signal = new Object();
    private final AtomicLong backlog = new AtomicLong();
    private volatile boolean running;
    private Thread worker;

    public OutboxRelay(MongoTemplate mongo, KafkaTemplate<String, byte[]> kafka, List<String> collections,
                       MeterRegistry meters) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.collections = List.copyOf(collections);
        this.meters = meters;
        meters.gauge("storecast.outbox.backlog", backlog);
    }

    /** Call right after writing a document that carries events: the relay sends them now. */
    public void wake(Class<?> documentClass, Object id) {
        wake(mongo.getCollectionName(documentClass), id);
    }

    /**
     * Call right after inserting a document with exactly these events in its outbox: the relay sends them without
     * reading the document back, then pulls them from it.
     */
    public void wake(Class<?> documentClass, Object id, List<OutboxRecord> events) {
        enqueue(new Written(mongo.getCollectionName(documentClass), id, List.copyOf(events)));
    }

    /** As {@link #wake(Class, Object)}, for a document written to a collection by name. */
    public void wake(String collection, Object id) {
        enqueue(new Written(collection, id, null));
    }

    private void enqueue(Written w) {
        written.add(w);
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Publishes what the writers reported; returns how many events were sent. */
    int publishWritten() {
        Map<String, Set<Object>> ids = new LinkedHashMap<>();
        Map<String, Map<Object, List<OutboxRecord>>> known = new LinkedHashMap<>();
        Written w;
        int n = 0;
        while (n < BATCH && (w = written.poll()) != null) {
            if (w.events() != null) {
                known.computeIfAbsent(w.collection(), c -> new LinkedHashMap<>()).put(w.id(), w.events());
            } else {
                ids.computeIfAbsent(w.collection(), c -> new LinkedHashSet<>()).add(w.id());
            }
            n++;
        }
        int sent = 0;
        for (var e : known.entrySet()) {
            sent += publish(mongo.getCollection(e.getKey()), e.getValue());
        }
        for (var e : ids.entrySet()) {
            MongoCollection<Document> col = mongo.getCollection(e.getKey());
            // by id alone, which every store answers from its index (with a second condition the local store scans
            // the whole collection); documents whose events went out meanwhile have none left
            sent += publish(col, pending(col, col.find(Filters.in("_id", e.getValue())).into(new ArrayList<>())));
        }
        return sent;
    }

    /**
     * One pass over every configured collection, for events left behind by a crash or a failed send; public for
     * tests. Each collection is read once, through one cursor, and what it finds is sent a batch at a time. A document
     * its writer has reported and the relay has not handled yet is the hot path's to send, so the sweep passes it by.
     * Before, each batch was a query of its own from the start of the collection (the filter has no index: a scan of
     * it all), and under a broadcast's load every batch was full of documents just written, each sent twice, so the
     * sweep chased the writers for as long as they wrote.
     */
    public int sweep() {
        int sent = 0;
        long waiting = 0;
        for (String name : collections) {
            MongoCollection<Document> col = mongo.getCollection(name);
            Set<Object> reported = reported(name);
            Map<Object, List<OutboxRecord>> batch = new LinkedHashMap<>();
            boolean refused = false;
            try (MongoCursor<Document> docs = col.find(Filters.exists(FIELD + ".0")).batchSize(BATCH).iterator()) {
                while (docs.hasNext()) {
                    Document doc = docs.next();
                    if (!reported.contains(doc.get("_id"))) {
                        batch.putAll(pending(col, List.of(doc)));
                    }
                    if (batch.size() < BATCH) {
                        continue;
                    }
                    int n = publish(col, batch);
                    sent += n;
                    if (n == 0) {
                        refused = true;
                        break;
                    }
                    batch = new LinkedHashMap<>();
                    reported = reported(name);
                    if (!running) {
                        break;      // stopping: the next start's sweep goes on from here
                    }
                }
            }
            if (!refused && !batch.isEmpty()) {
                int n = publish(col, batch);
                sent += n;
                refused = n == 0;
            }
            if (refused) {
                waiting += batch.size();    // the broker is not taking events; try again on the next sweep
            }
        }
        backlog.set(waiting);
        return sent;
    }

    /** The ids of the documents of {@code collection} that writers reported and the relay has not handled yet. */
    private Set<Object> reported(String collection) {
        Set<Object> ids = new HashSet<>();
        for (Written w : written) {
            if (w.collection().equals(collection)) {
                ids.add(w.id());
            }
        }
        return ids;
    }

    /** The events waiting in each document's outbox, by document id; an unreadable outbox stays pending. */
    private static Map<Object, List<OutboxRecord>> pending(MongoCollection<Document> col, List<Document> docs) {
        Map<Object, List<OutboxRecord>> out = new LinkedHashMap<>();
        for (Document doc : docs) {
            try {
                List<Document> events = doc.getList(FIELD, Document.class);
                if (events != null && !events.isEmpty()) {
                    out.put(doc.get("_id"), events.stream().map(OutboxRelay::toRecord).toList());
                }
            } catch (RuntimeException ex) {
                log.error("cannot read the outbox of {}/{}; it stays pending", col.getNamespace(), doc.get("_id"), ex);
            }
        }
        return out;
    }

    /** Sends the events of all documents, waits once, then pulls what was sent from every document in one write. */
    private int publish(MongoCollection<Document> col, Map<Object, List<OutboxRecord>> pending) {
        Map<Object, List<CompletableFuture<SendResult<String, byte[]>>>> sends = new LinkedHashMap<>();
        for (var doc : pending.entrySet()) {
            try {
                List<CompletableFuture<SendResult<String, byte[]>>> futures = new ArrayList<>();
                for (OutboxRecord e : doc.getValue()) {
                    futures.add(kafka.send(e.toProducerRecord()));
                }
                sends.put(doc.getKey(), futures);
            } catch (RuntimeException ex) {
                log.error("cannot publish the outbox of {}/{}; it stays pending", col.getNamespace(), doc.getKey(), ex);
            }
        }
        List<UpdateOneModel<Document>> pulls = new ArrayList<>();
        List<OutboxRecord> published = new ArrayList<>();
        for (var s : sends.entrySet()) {
            try {
                CompletableFuture.allOf(s.getValue().toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            } catch (Exception ex) {
                log.warn("publishing the outbox of {}/{} failed, will retry: {}", col.getNamespace(), s.getKey(),
                        ex.toString());
                continue;
            }
            List<OutboxRecord> events = pending.get(s.getKey());
            List<String> ids = events.stream().map(OutboxRecord::eventId).toList();
            pulls.add(new UpdateOneModel<>(Filters.eq("_id", s.getKey()),
                    Updates.pullByFilter(new Document(FIELD, new Document("eventId", new Document("$in", ids))))));
            published.addAll(events);
        }
        if (!pulls.isEmpty()) {
            // one round trip for all the documents; a crash before it sends their events again (same ids)
            col.bulkWrite(pulls, new BulkWriteOptions().ordered(false));
        }
        for (OutboxRecord e : published) {
            meters.counter("storecast.events.published", "type", e.type()).increment();
        }
        return published.size();
    }

    static OutboxRecord toRecord(Document e) {
        Instant at = e.get("occurredAt") instanceof Date d ? d.toInstant() : Instant.parse(e.get("occurredAt").toString());
        return new OutboxRecord(e.getString("eventId"), e.getString("type"), e.getInteger("schemaVersion"),
                e.getString("topic"), e.getString("key"), e.getString("aggregateId"), e.getString("source"), at,
                e.getString("correlationId"), e.getString("causationId"), e.getString("payload"),
                e.getString("traceparent"));
    }

    private void loop() {
        long nextSweep = 0;
        while (running) {
            try {
                if (System.currentTimeMillis() >= nextSweep) {
                    sweep();
                    nextSweep = System.currentTimeMillis() + SWEEP_EVERY_MS;
                }
                if (publishWritten() == 0 && written.isEmpty()) {
                    synchronized (signal) {
                        if (written.isEmpty() && running) {
                            signal.wait(1_000);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("outbox relay pass failed, retrying: {}", e.toString());
                nextSweep = System.currentTimeMillis() + 1_000;
            }
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        if (worker != null) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // start after the Kafka producer factory, stop before it
        return Integer.MAX_VALUE - 1000;
    }
}
