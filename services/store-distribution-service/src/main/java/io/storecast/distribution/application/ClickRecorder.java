package io.storecast.distribution.application;

import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.contracts.Events;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.platform.outbox.DirectPublisher;
import io.storecast.platform.outbox.OutboxRecord;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import static io.storecast.distribution.application.Defaults.SOURCE;

/**
 * Records a click before the shopper is redirected: straight to Kafka, waiting for the acknowledgement,
 * parked in {@code click_outbox} when Kafka does not answer in time (see {@link DirectPublisher}). If even
 * that fails the shopper still gets the broadcast and the click is counted as lost. Each click recorded also counts in
 * {@code storecast_link_clicks_total{room}}, the broadcast's clicks as a business metric.
 */
@Service
public class ClickRecorder {

    private final DirectPublisher publisher;
    private final MeterRegistry meters;

    public ClickRecorder(@Qualifier("clickPublisher") DirectPublisher publisher, MeterRegistry meters) {
        this.publisher = publisher;
        this.meters = meters;
    }

    /** Records a click on a link to room {@code roomId}. */
    public void record(LinkClicked click, String roomId) {
        DirectPublisher.Outcome outcome = publisher.publish(OutboxRecord.of(Events.LINK_CLICKED, click.code(),
                click.code(), SOURCE, click.clickedAt(), click, null, null));
        if (outcome != DirectPublisher.Outcome.LOST) {
            meters.counter("storecast.link.clicks", "room", roomId).increment();
        }
    }
}
