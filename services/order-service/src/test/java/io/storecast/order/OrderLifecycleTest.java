package io.storecast.order;

import io.storecast.contracts.Events;
import io.storecast.contracts.fulfilment.FulfilmentAssigned;
import io.storecast.contracts.orders.OrderCancelled;
import io.storecast.contracts.orders.OrderCompleted;
import io.storecast.contracts.orders.OrderDelivered;
import io.storecast.contracts.orders.OrderShipped;
import io.storecast.order.application.OrderSchedules;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.ServiceUnderTest;
import io.storecast.platform.testing.TestClock;
import io.storecast.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The time-driven part of the order: the unpaid timeout, fulfilment, shipping, delivery and completion. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=order-service", "storecast.payments.secret=" + OrderApiTest.SECRET})
class OrderLifecycleTest {

    static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-11T12:00:00Z"));
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestConfiguration
    static class Clocks {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        ServiceUnderTest.wire(r, "order-lifecycle-test");
    }

    @LocalServerPort
    int port;

    @Autowired
    OrderSchedules schedules;

    @Autowired
    KafkaTemplate<String, byte[]> kafka;

    private static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private record Placed(String session, String sku, JsonNode order) {
    }

    private Placed place(Http http, int units, int quantity) {
        String session = fresh("sess");
        String sku = fresh("sku");
        http.post("/products", Map.of("sku", sku, "name", "Kettle", "category", "home", "price", 15_000));
        http.post("/sessions/" + session + "/stock", Map.of("sku", sku, "units", units));
        Http.Response r = http.post("/orders", Map.of("clientOrderId", fresh("k"), "customerId", fresh("c"),
                "sessionId", session, "lines", List.of(Map.of("sku", sku, "quantity", quantity))));
        assertThat(r.status()).isEqualTo(201);
        return new Placed(session, sku, r.json());
    }

    private void assign(String orderId, String customerId, String storeId) {
        FulfilmentAssigned a = new FulfilmentAssigned(orderId, customerId, storeId == null ? "HQ_WAREHOUSE" : "STORE",
                storeId, List.of(new FulfilmentAssigned.Item(1, "x", 1)), storeId == null ? "no store" : "store stock",
                CLOCK.instant());
        kafka.send(OutboxRecord.withId("fulfilment-assigned:" + orderId, Events.FULFILMENT_ASSIGNED, customerId,
                orderId, "store-distribution-service", CLOCK.instant(), a, orderId, null).toProducerRecord());
    }

    @Test
    void an_order_left_unpaid_past_the_timeout_is_cancelled_and_its_stock_comes_back() {
        Http http = Http.at(port);
        Placed p = place(http, 5, 3);
        String id = p.order().get("id").asString();
        String stock = "/sessions/" + p.session() + "/stock/" + p.sku();
        assertThat(http.get(stock).json().get("remaining").asLong()).isEqualTo(2);

        CLOCK.advance(Duration.ofMinutes(15).minusSeconds(1));
        schedules.runDue();
        schedules.run();
        assertThat(http.get("/orders/" + id).json().get("status").asString()).isEqualTo("PLACED");

        CLOCK.advance(Duration.ofSeconds(1));
        schedules.runDue();
        JsonNode o = http.get("/orders/" + id).json();
        assertThat(o.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(Instant.parse(o.get("cancelledAt").asString()))
                .isEqualTo(Instant.parse(o.get("placedAt").asString()).plus(Duration.ofMinutes(15)));
        JsonNode after = http.get(stock).json();
        assertThat(after.get("remaining").asLong()).isEqualTo(5);
        assertThat(after.get("sold").asLong()).isZero();
        // the sweep finds nothing left to do: the units came back once
        schedules.run();
        assertThat(http.get(stock).json().get("remaining").asLong()).isEqualTo(5);

        Http.Response late = OrderApiTest.pay(http, id, fresh("pay"), 45_000, OrderApiTest.SECRET, CLOCK.instant());
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("errors").get(0).get("field").asString()).isEqualTo("orderId");
        assertThat(late.json().get("detail").asString()).contains("not paid in time");

        var cancelled = TopicProbe.await(Events.ORDER_CANCELLED, (OrderCancelled e) -> e.orderId().equals(id), 1, WAIT);
        assertThat(cancelled).singleElement().satisfies(e -> {
            assertThat(e.payload().reason()).isEqualTo("UNPAID_TIMEOUT");
            assertThat(e.payload().lines().getFirst().quantity()).isEqualTo(3);
            assertThat(e.key()).isEqualTo(o.get("customerId").asString());
        });
    }

    @Test
    void a_paid_order_is_assigned_shipped_delivered_and_completed_after_the_return_window() {
        Http http = Http.at(port);
        Placed p = place(http, 10, 1);
        String id = p.order().get("id").asString();
        String customer = p.order().get("customerId").asString();
        assertThat(OrderApiTest.pay(http, id, fresh("pay"), 15_000, OrderApiTest.SECRET, CLOCK.instant()).status()).isEqualTo(200);

        Http.Response early = http.post("/orders/" + id + "/shipments", Map.of("carrier", "SF"));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("errors").get(0).get("field").asString()).isEqualTo("fulfilment");

        // delivered twice, and a different assignment after it: the first stands
        assign(id, customer, "store-7");
        assign(id, customer, "store-7");
        await().atMost(WAIT).until(() -> !http.get("/orders/" + id).json().get("fulfilment").isNull());
        kafka.send(OutboxRecord.withId("fulfilment-assigned-other:" + id, Events.FULFILMENT_ASSIGNED, customer, id,
                "store-distribution-service", CLOCK.instant(), new FulfilmentAssigned(id, customer, "HQ_WAREHOUSE",
                        null, List.of(), "other", CLOCK.instant()), id, null).toProducerRecord());
        // the later assignment is consumed and ignored: the first one stays
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> "store-7".equals(
                http.get("/orders/" + id).json().get("fulfilment").get("storeId").asString()));
        JsonNode assigned = http.get("/orders/" + id).json().get("fulfilment");
        assertThat(assigned.get("assignee").asString()).isEqualTo("STORE");
        assertThat(assigned.get("storeId").asString()).isEqualTo("store-7");

        Http.Response shipped = http.post("/orders/" + id + "/shipments", Map.of("carrier", "SF", "trackingNo", "SF1"));
        assertThat(shipped.status()).isEqualTo(200);
        assertThat(shipped.json().get("status").asString()).isEqualTo("SHIPPED");
        assertThat(http.post("/orders/" + id + "/shipments", Map.of()).status()).isEqualTo(409);
        Http.Response delivered = http.post("/orders/" + id + "/delivery", "{}");
        assertThat(delivered.status()).isEqualTo(200);
        assertThat(delivered.json().get("status").asString()).isEqualTo("DELIVERED");
        assertThat(http.post("/orders/" + id + "/delivery", "{}").status()).isEqualTo(409);

        // a partial refund inside the window does not hold up completion
        assertThat(http.post("/orders/" + id + "/refunds", Map.of("refundId", fresh("r"), "lineNo", 1,
                "amount", 1_000)).status()).isEqualTo(200);
        CLOCK.advance(Duration.ofDays(7).minusSeconds(1));
        schedules.runDue();
        schedules.run();
        assertThat(http.get("/orders/" + id).json().get("status").asString()).isEqualTo("DELIVERED");
        CLOCK.advance(Duration.ofSeconds(1));
        schedules.runDue();
        JsonNode done = http.get("/orders/" + id).json();
        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        Http.Response tooLate = http.post("/orders/" + id + "/refunds", Map.of("refundId", fresh("r"), "lineNo", 1,
                "amount", 1));
        assertThat(tooLate.status()).isEqualTo(409);

        var shippedEvents = TopicProbe.await(Events.ORDER_SHIPPED, (OrderShipped e) -> e.orderId().equals(id), 1, WAIT);
        assertThat(shippedEvents).singleElement().satisfies(e -> {
            assertThat(e.payload().assignee()).isEqualTo("STORE");
            assertThat(e.payload().storeId()).isEqualTo("store-7");
            assertThat(e.payload().trackingNo()).isEqualTo("SF1");
        });
        assertThat(TopicProbe.await(Events.ORDER_DELIVERED, (OrderDelivered e) -> e.orderId().equals(id), 1, WAIT))
                .hasSize(1);
        var completed = TopicProbe.await(Events.ORDER_COMPLETED, (OrderCompleted e) -> e.orderId().equals(id), 1, WAIT);
        assertThat(completed).singleElement().satisfies(e -> {
            assertThat(e.payload().returnWindowDays()).isEqualTo(7);
            assertThat(e.payload().completedAt()).isEqualTo(Instant.parse(done.get("completedAt").asString()));
            assertThat(e.payload().deliveredAt()).isEqualTo(Instant.parse(done.get("deliveredAt").asString()));
        });
    }
}
