package io.storecast.room.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.platform.StorecastRuntimeAutoConfiguration.StorecastProperties;
import io.storecast.platform.outbox.DirectPublisher;
import io.storecast.platform.outbox.OutboxRelay;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.TopicBuilder;

/** The presence hot path's own producer, and the presence stream's internal topic. */
@Configuration
class PresenceConfig {

    /** Joins and departures wait for their acknowledgement; parked in {@code presence_outbox} if Kafka is slow. */
    @Bean
    DirectPublisher presencePublisher(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                                      @Value("${spring.application.name}") String app,
                                      @Value("${storecast.presence.ack-timeout-ms:1000}") long ackTimeoutMs,
                                      MongoTemplate mongo, OutboxRelay relay, MeterRegistry meters) {
        return new DirectPublisher(DirectPublisher.producer(bootstrap, app + "-presence"), mongo, relay, meters,
                "presence_outbox", ackTimeoutMs);
    }

    /** As many partitions as the presence topic, so the session counts spread like the viewers. */
    @Bean
    NewTopic presenceDeltasTopic(@Value("${spring.application.name}") String app, StorecastProperties props) {
        return TopicBuilder.name(PresenceStream.deltasTopic(app)).partitions(props.partitions()).replicas(1).build();
    }
}
