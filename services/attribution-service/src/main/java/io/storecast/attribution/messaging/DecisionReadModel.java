package io.storecast.attribution.messaging;

import io.storecast.attribution.application.Attributions;
import io.storecast.contracts.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Writes the decision stream's changes to Mongo, the read model of the decisions and the ledger (ADR 0008): a batch
 * at a time, in a few bulk round trips, only what the stream committed (every consumer reads committed records). Every write is idempotent, so a batch written
 * again after a crash before its offsets were committed changes nothing.
 */
@Component
class DecisionReadModel {

    private final Attributions attributions;

    DecisionReadModel(Attributions attributions) {
        this.attributions = attributions;
    }

    @KafkaListener(id = "attribution-read-model", idIsGroup = false,
            topics = "${spring.application.name}-decisions-changes",
            containerFactory = "batchListenerContainerFactory", concurrency = "${storecast.partitions:3}")
    void write(List<ConsumerRecord<String, byte[]>> records) {
        attributions.applyChanges(records.stream()
                .map(r -> EventJson.read(r.value(), Attributions.Change.class)).toList());
    }
}
