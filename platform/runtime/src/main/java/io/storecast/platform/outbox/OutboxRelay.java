package io.storecast.platform.outbox;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.contracts.CloudEventHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the events waiting in the {@code outbox} array of documents in the configured
 * collections, then pulls them from the documents. At-least-once: a crash after the send and
 * before the pull sends the event again with the same event id, which consumers deduplicate.
 * Events of one document are sent in the order they were written.
 */
public class OutboxRelay implements SmartLifecycle {

    public static final String FIELD = "outbox";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, byte[]> kafka;
    private final List<String> collections;
    private final MeterRegistry meters;
    private final Object signal = new Object();
    private final AtomicLong backlog = new AtomicLong();
    private volatile boolean running;
    private volatile boolean woken;
    private Thread worker;

    public OutboxRelay(MongoTemplate mongo, KafkaTemplate<String, byte[]> kafka, List<String> collections,
                       MeterRegistry meters) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.collections = List.copyOf(collections);
        this.meters = meters;
        meters.gauge("storecast.outbox.backlog", backlog);
    }

    /** Asks the relay to look now instead of at its next poll; call after writing a document with events. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** One pass over every collection; returns how many events were published. Public for tests. */
    public int publishPending() {
        int sent = 0;
        long waiting = 0;
        for (String name : collections) {
            MongoCollection<Document> col = mongo.getCollection(name);
            List<Document> docs = col.find(Filters.exists(FIELD + ".0")).limit(BATCH).into(new ArrayList<>());
            for (Document doc : docs) {
                List<Document> events = doc.getList(FIELD, Document.class);
                List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
                List<String> ids = new ArrayList<>(events.size());
                for (Document e : events) {
                    sends.add(kafka.send(toProducerRecord(e)));
                    ids.add(e.getString("eventId"));
                }
                try {
                    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                } catch (Exception ex) {
                    log.warn("publishing outbox of {}/{} failed, will retry: {}", name, doc.get("_id"), ex.toString());
                    waiting += events.size();
                    continue;
                }
                col.updateOne(Filters.eq("_id", doc.get("_id")),
                        Updates.pullByFilter(new Document(FIELD, new Document("eventId", new Document("$in", ids)))));
                for (Document e : events) {
                    meters.counter("storecast.events.published", "type", e.getString("type")).increment();
                }
                sent += events.size();
            }
            if (docs.size() == BATCH) {
                waiting += BATCH;
            }
        }
        backlog.set(waiting);
        return sent;
    }

    static ProducerRecord<String, byte[]> toProducerRecord(Document e) {
        Instant at = e.get("occurredAt") instanceof Date d ? d.toInstant() : Instant.parse(e.get("occurredAt").toString());
        OutboxRecord r = new OutboxRecord(e.getString("eventId"), e.getString("type"), e.getInteger("schemaVersion"),
                e.getString("topic"), e.getString("key"), e.getString("aggregateId"), e.getString("source"), at,
                e.getString("correlationId"), e.getString("causationId"), e.getString("payload"));
        ProducerRecord<String, byte[]> pr = new ProducerRecord<>(r.topic(), r.key(),
                r.payload().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> h : CloudEventHeaders.toHeaders(r.envelope()).entrySet()) {
            pr.headers().add(new RecordHeader(h.getKey(), h.getValue()));
        }
        return pr;
    }

    private void loop() {
        while (running) {
            try {
                int sent = publishPending();
                if (sent == 0) {
                    synchronized (signal) {
                        if (!woken && running) {
                            signal.wait(250);
                        }
                        woken = false;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("outbox relay pass failed, retrying: {}", e.toString());
                sleepQuietly();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        wake();
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
