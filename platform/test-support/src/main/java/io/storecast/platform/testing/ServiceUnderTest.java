package io.storecast.platform.testing;

import io.storecast.platform.infra.Infrastructure;
import io.storecast.platform.infra.SharedInfrastructure;
import org.springframework.boot.SpringApplication;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a service under test at the shared broker and store, with its own database, trusting the tokens of
 * {@link Tokens}. They stop when the JVM exits,
 * after Spring Boot has closed the JVM's application contexts, so no stream closes against a stopped broker.
 */
public final class ServiceUnderTest {

    private ServiceUnderTest() {
    }

    public static void wire(DynamicPropertyRegistry registry, String database) {
        Infrastructure infra = SharedInfrastructure.get();
        SharedInfrastructure.stopWith(SpringApplication.getShutdownHandlers()::add);
        registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrap);
        registry.add("spring.mongodb.uri", () -> infra.mongoUri(database));
        registry.add("storecast.security.public-key", () -> Tokens.publicKey().toString());
    }
}
