package io.storecast.platform.testing;

import io.storecast.platform.infra.Infrastructure;
import io.storecast.platform.infra.SharedInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a service under test at the shared broker and store, with its own database. */
public final class ServiceUnderTest {

    private ServiceUnderTest() {
    }

    public static void wire(DynamicPropertyRegistry registry, String database) {
        Infrastructure infra = SharedInfrastructure.get();
        registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrap);
        registry.add("spring.mongodb.uri", () -> infra.mongoUri(database));
    }
}
