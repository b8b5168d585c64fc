package io.storecast.distribution.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.platform.outbox.DirectPublisher;
import io.storecast.platform.outbox.OutboxRelay;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Click events have a producer of their own: a shopper's redirect waits for its acknowledgement. */
@Configuration
class ClickProducerConfig {

    @Bean
    DirectPublisher clickPublisher(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                                   @Value("${spring.application.name}") String app,
                                   @Value("${storecast.redirect.click-ack-timeout-ms:1000}") long ackTimeoutMs,
                                   MongoTemplate mongo, OutboxRelay relay, MeterRegistry meters) {
        return new DirectPublisher(DirectPublisher.producer(bootstrap, app + "-clicks"), mongo, relay, meters,
                "click_outbox", ackTimeoutMs);
    }
}
