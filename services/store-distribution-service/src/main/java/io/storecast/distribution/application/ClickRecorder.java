package io.storecast.distribution.application;

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
 * that fails the shopper still gets the broadcast and the click is counted as lost.
 */
@Service
public class ClickRecorder {

    private final DirectPublisher publisher;

    public ClickRecorder(@Qualifier("clickPublisher") DirectPublisher publisher) {
        this.publisher = publisher;
    }

    public void record(LinkClicked click) {
        publisher.publish(OutboxRecord.of(Events.LINK_CLICKED, click.code(), click.code(), SOURCE, click.clickedAt(),
                click, null, null));
    }
}
