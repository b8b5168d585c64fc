package io.storecast.order.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.platform.outbox.DirectPublisher;
import io.storecast.platform.outbox.OutboxRelay;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Checkout's own producer: a round's OrderPlaced events wait for their acknowledgement, parked if Kafka is slow. */
@Configuration
class OrderMessagingConfig {

    @Bean
    DirectPublisher orderPublisher(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                                   @Value("${spring.application.name}") String app,
                                   @Value("${storecast.orders.ack-timeout-ms:2000}") long ackTimeoutMs,
                                   MongoTemplate mongo, OutboxRelay relay, MeterRegistry meters) {
        return new DirectPublisher(DirectPublisher.producer(bootstrap, app + "-checkout"), mongo, relay, meters,
                "placed_outbox", ackTimeoutMs);
    }
}
