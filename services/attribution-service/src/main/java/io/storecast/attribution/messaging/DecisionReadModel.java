package io.storecast.attribution.messaging;

import io.storecast.attribution.application.Attributions;
import io.storecast.contracts.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Writes the decision stream's changes to Mongo, the read model of the decisions and the ledger (ADR 0008): a batch
 * at a time, in a few bulk round trips, only what the stream committed (every consumer reads committed records). Every write is idempotent, so a batch written
 * again after a crash before its offsets were committed changes nothing.
 */
@Component
class DecisionReadModel {

    /**
     * A batch that fails (the store failing over, say) is written again, and again, until it is written: never
     * skipped or dead-lettered, since the stream does not send its changes twice and a later batch must not land
     * before an earlier one. The partition waits meanwhile; its lag shows it.
     */
    @Configuration
    static class Retrying {

        @Bean
        ConcurrentKafkaListenerContainerFactory<String, byte[]> readModelContainerFactory(
                ConsumerFactory<String, byte[]> consumers) {
            ConcurrentKafkaListenerContainerFactory<String, byte[]> f = new ConcurrentKafkaListenerContainerFactory<>();
            f.setConsumerFactory(consumers);
            f.setBatchListener(true);
            f.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
            ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
            backOff.setMaxInterval(5_000);              // and no end: the default max elapsed time is unlimited
            f.setCommonErrorHandler(new DefaultErrorHandler(backOff));
            return f;
        }
    }

    private final Attributions attributions;

    DecisionReadModel(Attributions attributions) {
        this.attributions = attributions;
    }

    @KafkaListener(id = "attribution-read-model", idIsGroup = false,
            topics = "${spring.application.name}-decisions-changes",
            containerFactory = "readModelContainerFactory", concurrency = "${storecast.partitions:3}")
    void write(List<ConsumerRecord<String, byte[]>> records) {
        attributions.applyChanges(records.stream()
                .map(r -> EventJson.read(r.value(), Attributions.Change.class)).toList());
    }
}
