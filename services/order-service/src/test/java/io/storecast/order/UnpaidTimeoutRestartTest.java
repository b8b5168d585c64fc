package io.storecast.order;

import io.storecast.platform.infra.Infrastructure;
import io.storecast.platform.infra.SharedInfrastructure;
import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The payment timeout falls due while order-service is down: the next start cancels the order and frees its stock. */
class UnpaidTimeoutRestartTest {

    private static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-11T12:00:00Z"));

    private static ConfigurableApplicationContext start(String database) {
        Infrastructure infra = SharedInfrastructure.get();
        return OrderServiceApplication.builder()
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("clock", CLOCK))
                .run("--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrap(),
                        "--spring.mongodb.uri=" + infra.mongoUri(database), "--server.port=0",
                        "--storecast.payments.secret=" + OrderApiTest.SECRET, "--spring.main.banner-mode=off");
    }

    private static Http http(ConfigurableApplicationContext ctx) {
        return Http.at(((WebServerApplicationContext) ctx).getWebServer().getPort());
    }

    @Test
    void an_order_whose_timeout_fell_due_while_the_service_was_down_is_cancelled_at_the_next_start() {
        String database = "order-restart-" + UUID.randomUUID().toString().substring(0, 8);
        String session = "sess-" + UUID.randomUUID();
        String sku = "sku-" + UUID.randomUUID();
        String id;
        try (ConfigurableApplicationContext first = start(database)) {
            Http http = http(first);
            http.post("/products", Map.of("sku", sku, "name", "Scarf", "category", "apparel", "price", 8_800));
            http.post("/sessions/" + session + "/stock", Map.of("sku", sku, "units", 4));
            Http.Response placed = http.post("/orders", Map.of("clientOrderId", "k", "customerId", "c", "sessionId",
                    session, "lines", List.of(Map.of("sku", sku, "quantity", 2))));
            assertThat(placed.status()).isEqualTo(201);
            id = placed.json().get("id").asString();
            assertThat(http.get("/sessions/" + session + "/stock/" + sku).json().get("remaining").asLong())
                    .isEqualTo(2);
        }
        CLOCK.advance(Duration.ofMinutes(16));
        try (ConfigurableApplicationContext second = start(database)) {
            Http http = http(second);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "CANCELLED".equals(http.get("/orders/" + id).json().get("status").asString()));
            assertThat(http.get("/sessions/" + session + "/stock/" + sku).json().get("remaining").asLong())
                    .isEqualTo(4);
        }
    }
}
