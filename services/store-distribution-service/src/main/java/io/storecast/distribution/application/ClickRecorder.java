package io.storecast.distribution.application;

import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.contracts.Events;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.distribution.persistence.LinkDocuments.ClickOutboxDoc;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.outbox.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.storecast.distribution.application.Defaults.SOURCE;

/**
 * Records a click before the shopper is redirected: the click event goes straight to Kafka and the
 * redirect waits for the broker's acknowledgement (the topic is the durable record, and the hot path
 * stays free of database writes). If Kafka does not acknowledge in time, the event is written to the
 * {@code click_outbox} collection instead and the outbox relay sends it later. Either way, a redirect
 * that was answered has its click recorded.
 */
@Service
public class ClickRecorder {

    private static final Logger log = LoggerFactory.getLogger(ClickRecorder.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final MeterRegistry meters;
    private final long ackTimeoutMs;

    public ClickRecorder(@Qualifier("clickKafkaTemplate") KafkaTemplate<String, byte[]> kafka, MongoTemplate mongo,
                         OutboxRelay relay, MeterRegistry meters,
                         @Value("${storecast.redirect.click-ack-timeout-ms:1000}") long ackTimeoutMs) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.relay = relay;
        this.meters = meters;
        this.ackTimeoutMs = ackTimeoutMs;
    }

    public void record(LinkClicked click) {
        OutboxRecord event = OutboxRecord.of(Events.LINK_CLICKED, click.code(), click.code(), SOURCE,
                click.clickedAt(), click, null, null);
        try {
            kafka.send(event.toProducerRecord()).get(ackTimeoutMs, TimeUnit.MILLISECONDS);
            meters.counter("storecast.events.published", "type", Events.LINK_CLICKED.name()).increment();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("click {} not acknowledged by Kafka in {} ms, keeping it in the outbox: {}", click.clickId(),
                    ackTimeoutMs, e.toString());
        }
        try {
            mongo.insert(new ClickOutboxDoc(click.clickId(), click.clickedAt(), List.of(event)));
            relay.wake(ClickOutboxDoc.class, click.clickId());
            meters.counter("storecast.clicks.deferred").increment();
        } catch (RuntimeException e) {
            // neither Kafka nor the store took it: the shopper still gets the broadcast; count the loss
            meters.counter("storecast.clicks.lost").increment();
            log.error("click {} could not be recorded", click.clickId(), e);
        }
    }
}
