package io.storecast.distribution.messaging;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.Map;

/**
 * A producer for click events alone: a shopper's redirect waits for Kafka's acknowledgement, so it must
 * not linger to fill batches (under load batches fill by themselves while earlier sends are in flight).
 */
@Configuration
class ClickProducerConfig {

    @Bean
    KafkaTemplate<String, byte[]> clickKafkaTemplate(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                                                     @Value("${spring.application.name}") String app) {
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, app + "-clicks",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000),
                new StringSerializer(), new ByteArraySerializer()));
    }
}
