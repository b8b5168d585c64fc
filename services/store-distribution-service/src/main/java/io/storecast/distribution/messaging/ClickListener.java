package io.storecast.distribution.messaging;

import io.storecast.contracts.Topics;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.distribution.application.Funnels;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.PoisonEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** Builds funnels from this service's own click events, a batch at a time (bulk writes keep up with a launch). */
@Component
class ClickListener {

    private final EventReader reader;
    private final Funnels funnels;

    ClickListener(EventReader reader, Funnels funnels) {
        this.reader = reader;
        this.funnels = funnels;
    }

    @KafkaListener(id = "distribution-clicks", idIsGroup = false, topics = Topics.LINK_CLICKS,
            containerFactory = "batchListenerContainerFactory")
    void clicks(List<ConsumerRecord<String, byte[]>> records) {
        List<LinkClicked> clicks = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                reader.read(records.get(i)).map(e -> e.payload()).filter(LinkClicked.class::isInstance)
                        .map(LinkClicked.class::cast).ifPresent(clicks::add);
            } catch (PoisonEventException e) {
                // record what came before, then dead-letter exactly this record and go on after it
                funnels.record(clicks);
                throw new BatchListenerFailedException(e.getMessage(), e, i);
            }
        }
        funnels.record(clicks);
    }
}
