package io.storecast.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.storecast.contracts.Topics;
import io.storecast.platform.messaging.DeadLettered;
import io.storecast.platform.health.MongoPingHealthIndicator;
import io.storecast.platform.messaging.TopicEnds;
import io.storecast.platform.messaging.EventReader;
import io.storecast.platform.messaging.NotYetKnownException;
import io.storecast.platform.messaging.PoisonEventException;
import io.storecast.platform.outbox.OutboxRelay;
import io.storecast.platform.web.PlausibleInstantDeserializer;
import io.storecast.platform.web.ProblemDetailsAdvice;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import tools.jackson.databind.module.SimpleModule;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.ExponentialBackOff;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every storecast service gets by depending on platform-runtime: JSON-bytes Kafka producer and
 * consumers in the service's own group, bounded retries then a named dead-letter topic, topics created
 * with their partition counts, the outbox relay, problem details, Mongo ping health, tagged metrics.
 */
@AutoConfiguration
@EnableKafka
@EnableConfigurationProperties(StorecastRuntimeAutoConfiguration.StorecastProperties.class)
@Import(ProblemDetailsAdvice.class)
public class StorecastRuntimeAutoConfiguration {

    /**
     * @param outboxCollections collections whose documents carry an {@code outbox} array
     * @param consumes          topics this service consumes; a dead-letter topic is created for each
     * @param partitions        partitions of every storecast topic this service creates
     * @param retries           redeliveries of a failing record before it is dead-lettered
     */
    @ConfigurationProperties("storecast")
    public record StorecastProperties(List<String> outboxCollections, List<String> consumes, Integer partitions,
                                      Integer retries) {
        public StorecastProperties {
            outboxCollections = outboxCollections == null ? List.of() : outboxCollections;
            consumes = consumes == null ? List.of() : consumes;
            partitions = partitions == null ? 3 : partitions;
            retries = retries == null ? 3 : retries;
        }
    }

    @Bean
    ProducerFactory<String, byte[]> storecastProducerFactory(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                                                             @Value("${spring.application.name}") String app) {
        return new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, app + "-producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Primary: a service may add templates of its own (store-distribution's click producer). */
    @Bean
    @Primary
    KafkaTemplate<String, byte[]> storecastKafkaTemplate(ProducerFactory<String, byte[]> pf) {
        return new KafkaTemplate<>(pf);
    }

    @Bean
    ConsumerFactory<String, byte[]> storecastConsumerFactory(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                                                             @Value("${spring.application.name}") String app,
                                                             MeterRegistry meters) {
        DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, app,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                // fewer, fuller fetches, as the Kafka Streams apps take them: under a broadcast's load every
                // consumer asking for whatever one record arrived kept the broker's request handlers busy
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                // a Kafka Streams app's output is written in transactions: what an aborted one wrote is not an event
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        // each consumer's Kafka metrics, its lag among them (kafka_consumer_fetch_manager_records_lag_max), as the
        // Kafka Streams apps' consumers have theirs
        factory.addListener(new MicrometerConsumerListener<>(meters));
        return factory;
    }

    @Bean
    DefaultErrorHandler storecastErrorHandler(KafkaTemplate<String, byte[]> template,
                                              @Value("${spring.application.name}") String app,
                                              StorecastProperties props, MeterRegistry meters) {
        // each topic's count there from the start, at 0: an alert on its increase sees the first dead letter too
        for (String topic : props.consumes()) {
            DeadLettered.counter(meters, topic, app);
        }
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template, (record, ex) -> {
            DeadLettered.counter(meters, record.topic(), app).increment();
            return new TopicPartition(Topics.deadLetter(record.topic(), app), -1);
        });
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(props.retries());
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(2_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(PoisonEventException.class);
        ExponentialBackOff waitForFacts = new ExponentialBackOff(500, 2.0);
        waitForFacts.setMaxInterval(10_000);
        waitForFacts.setMaxElapsedTime(600_000);
        handler.setBackOffFunction((record, ex) -> waitsForFacts(ex) ? waitForFacts : null);
        return handler;
    }

    /** Whether a failure is, somewhere down its causes (a batch listener's wraps it twice), a fact not yet known. */
    static boolean waitsForFacts(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NotYetKnownException) {
                return true;
            }
        }
        return false;
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> kafkaListenerContainerFactory(
            ConsumerFactory<String, byte[]> cf, DefaultErrorHandler errorHandler) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> f = new ConcurrentKafkaListenerContainerFactory<>();
        f.setConsumerFactory(cf);
        f.setCommonErrorHandler(errorHandler);
        // offsets committed once per poll, after its records were handled: a synchronous commit per record cost a
        // round trip to the group coordinator per event and, under a broadcast's load, held a listener seconds
        // behind (docs/performance.md); a record redelivered after a crash is a duplicate every consumer ignores
        f.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        // each record handled in a span continuing its traceparent: the logs carry its trace id, and the events the
        // handling writes carry its trace on
        f.getContainerProperties().setObservationEnabled(true);
        return f;
    }

    /**
     * For listeners that take a batch of records at once to write them in bulk; offsets are committed
     * per batch, and a {@code BatchListenerFailedException} dead-letters exactly the failing record.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> batchListenerContainerFactory(
            ConsumerFactory<String, byte[]> cf, DefaultErrorHandler errorHandler) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> f = new ConcurrentKafkaListenerContainerFactory<>();
        f.setConsumerFactory(cf);
        f.setCommonErrorHandler(errorHandler);
        f.setBatchListener(true);
        f.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        return f;
    }

    @Bean
    KafkaAdmin.NewTopics storecastTopics(StorecastProperties props, @Value("${spring.application.name}") String app) {
        List<NewTopic> topics = new ArrayList<>();
        for (String t : Topics.ALL) {
            TopicBuilder topic = TopicBuilder.name(t).partitions(props.partitions()).replicas(1);
            if (t.equals(Topics.LINK_CLICKS)) {
                topic.config("retention.ms", "-1");      // the raw clicks are kept (PRODUCT.md): this topic is their record
            }
            topics.add(topic.build());
        }
        for (String t : props.consumes()) {
            topics.add(TopicBuilder.name(Topics.deadLetter(t, app)).partitions(1).replicas(1).build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean(destroyMethod = "close")
    TopicEnds topicEnds(@Value("${spring.kafka.bootstrap-servers}") String bootstrap) {
        return new TopicEnds(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Milliseconds, as MongoDB stores them, so what an API answers equals what it stored and published. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    @Bean
    EventReader eventReader(MeterRegistry meters) {
        return new EventReader(meters);
    }

    @Bean
    OutboxRelay outboxRelay(MongoTemplate mongo, KafkaTemplate<String, byte[]> kafka, StorecastProperties props,
                            MeterRegistry meters) {
        return new OutboxRelay(mongo, kafka, props.outboxCollections(), meters);
    }

    @Bean(name = "mongoHealthContributor")
    MongoPingHealthIndicator mongoHealthContributor(MongoTemplate mongo) {
        return new MongoPingHealthIndicator(mongo);
    }

    @Bean
    JsonMapperBuilderCustomizer plausibleInstants() {
        // and 1.5 items is not 1 item: a fraction where a whole number belongs is a 400, not truncated
        return builder -> builder.addModule(new SimpleModule("storecast-instants")
                        .addDeserializer(Instant.class, new PlausibleInstantDeserializer()))
                .disable(tools.jackson.databind.DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    @Bean
    MeterRegistryCustomizer<MeterRegistry> applicationTag(@Value("${spring.application.name}") String app) {
        return registry -> registry.config().commonTags("application", app);
    }
}
