package io.storecast.order.application;

import io.storecast.contracts.Events;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.order.domain.FlashStock;
import io.storecast.order.domain.Order;
import io.storecast.order.domain.OrderIds;
import io.storecast.order.persistence.OrderDocuments.OrderDoc;
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
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checkout round that died after taking its units: one of its orders was written, the other not. The
 * recovery announces the written one, gives back the units of the other and marks its id abandoned, which a
 * retry of that checkout then frees again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=order-service", "storecast.payments.secret=test-payment-secret-0123"})
class OrderRecoveryTest {

    static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-11T12:00:00Z"));

    @TestConfiguration
    static class Clocks {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        ServiceUnderTest.wire(r, "order-recovery-test");
    }

    @LocalServerPort
    int port;

    @Autowired
    FlashSales stock;

    @Autowired
    ProductCatalog catalog;

    @Autowired
    OrderRecovery recovery;

    @Autowired
    MongoTemplate mongo;

    @Test
    void a_round_that_died_midway_loses_no_unit_and_sells_none_twice() {
        String session = "sess-" + UUID.randomUUID();
        String sku = "sku-" + UUID.randomUUID();
        catalog.create(sku, "Blender", "home", 30_000);
        FlashStock s = stock.allocate(session, sku, 10, 0);
        String written = OrderIds.of("c-written", "k-1");
        String lost = OrderIds.of("c-lost", "k-2");
        Instant at = CLOCK.instant();
        FlashStock held = stock.apply(s, new FlashStock.Hold("take:crashed", at, List.of(
                new FlashStock.Unit(written, "c-written", 2), new FlashStock.Unit(lost, "c-lost", 3))), Map.of());
        assertThat(held.remaining()).isEqualTo(5);
        Order o = Order.place(written, "k-1", "c-written", session, null,
                List.of(new Order.Item(sku, "home", 2, 30_000)), "CNY", at);
        mongo.insert(OrderDoc.of(o, "take:crashed"));

        // too young: the round may still be writing
        CLOCK.advance(Duration.ofSeconds(59));
        assertThat(recovery.recover()).isZero();
        assertThat(stock.stock(session, sku).holds()).hasSize(1);

        CLOCK.advance(Duration.ofSeconds(2));
        recovery.recover();     // (the scheduled pass may settle it first: the state below is what counts)
        FlashStock after = stock.stock(session, sku);
        assertThat(after.holds()).isEmpty();
        assertThat(after.remaining()).isEqualTo(8);
        assertThat(after.sold()).isEqualTo(2);
        assertThat(mongo.findById(lost, OrderDoc.class).isAbandoned()).isTrue();
        assertThat(recovery.recover()).isZero();
        assertThat(stock.stock(session, sku).remaining()).isEqualTo(8);

        var placed = TopicProbe.await(Events.ORDER_PLACED, (OrderPlaced e) -> e.orderId().equals(written), 1,
                Duration.ofSeconds(20));
        assertThat(placed).singleElement().satisfies(e -> {
            assertThat(e.envelope().eventId()).isEqualTo("order-placed:" + written);
            assertThat(e.payload().total()).isEqualTo(60_000);
        });

        Http http = Http.at(port);
        assertThat(http.get("/orders/" + lost).status()).isEqualTo(404);
        Http.Response retry = http.post("/orders", Map.of("clientOrderId", "k-2", "customerId", "c-lost",
                "sessionId", session, "lines", List.of(Map.of("sku", sku, "quantity", 3))));
        // the abandoned id is freed by the first retry, which answers 503; the next one places the order
        if (retry.status() == 503) {
            retry = http.post("/orders", Map.of("clientOrderId", "k-2", "customerId", "c-lost", "sessionId", session,
                    "lines", List.of(Map.of("sku", sku, "quantity", 3))));
        }
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().get("id").asString()).isEqualTo(lost);
        assertThat(stock.stock(session, sku).sold()).isEqualTo(5);
    }

    @Test
    void units_of_an_order_another_round_wrote_go_back_with_the_dead_rounds_hold() {
        String session = "sess-" + UUID.randomUUID();
        String sku = "sku-" + UUID.randomUUID();
        catalog.create(sku, "Toaster", "home", 9_000);
        FlashStock s = stock.allocate(session, sku, 10, 0);
        String id = OrderIds.of("c-retried", "k-1");
        Instant at = CLOCK.instant();
        // the dead round took 2 units for the order; the customer's retry took 2 more in its own round and wrote it
        FlashStock held = stock.apply(s, new FlashStock.Hold("take:dead", at,
                List.of(new FlashStock.Unit(id, "c-retried", 2))), Map.of());
        FlashStock retried = stock.apply(held, new FlashStock.Hold("take:retry", at,
                List.of(new FlashStock.Unit(id, "c-retried", 2))), Map.of());
        stock.apply(retried, null, Map.of("take:retry", 0L));
        mongo.insert(OrderDoc.of(Order.place(id, "k-1", "c-retried", session, null,
                List.of(new Order.Item(sku, "home", 2, 9_000)), "CNY", at), "take:retry"));
        assertThat(stock.stock(session, sku).remaining()).isEqualTo(6);

        CLOCK.advance(Duration.ofMinutes(2));
        recovery.recover();
        FlashStock after = stock.stock(session, sku);
        assertThat(after.holds()).isEmpty();
        assertThat(after.remaining()).isEqualTo(8);
        assertThat(after.sold()).isEqualTo(2);
        assertThat(mongo.findById(id, OrderDoc.class).isAbandoned()).isFalse();
    }
}
