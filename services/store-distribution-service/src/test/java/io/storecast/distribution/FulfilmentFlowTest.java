package io.storecast.distribution;

import io.storecast.contracts.EventEnvelope;
import io.storecast.contracts.EventJson;
import io.storecast.contracts.Events;
import io.storecast.contracts.Topics;
import io.storecast.contracts.attribution.OrderAttributed;
import io.storecast.contracts.fulfilment.FulfilmentAssigned;
import io.storecast.contracts.fulfilment.FulfilmentAssigned.Item;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.distribution.persistence.StockDocuments.AssignmentDoc;
import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.TopicProbe;
import io.storecast.platform.testing.TopicProbe.Received;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Fulfilment as the other services see it: OrderAttributed and OrderRefunded in, FulfilmentAssigned out. */
class FulfilmentFlowTest extends DistributionServiceTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);

    @Autowired
    MongoTemplate mongo;

    private String store() {
        return http().post("/stores", Map.of("code", "S-" + UUID.randomUUID().toString().substring(0, 8),
                "name", "Fulfilment test store")).json().get("id").asString();
    }

    private void stock(String storeId, String sku, int onHand) {
        Http.Response r = http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stores/"
                        + storeId + "/stock/" + sku)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"onHand\": " + onHand + "}")));
        assertThat(r.status()).isEqualTo(200);
    }

    /** onHand, reserved, available of one SKU, as the stock API answers. */
    private List<Integer> stockOf(String storeId, String sku) {
        JsonNode s = http().get("/stores/" + storeId + "/stock/" + sku).json();
        return List.of(s.get("onHand").asInt(), s.get("reserved").asInt(), s.get("available").asInt());
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static OrderLine line(int lineNo, String sku, int quantity, long unitPrice) {
        return new OrderLine(lineNo, sku, "apparel", quantity, unitPrice, quantity * unitPrice);
    }

    private static OrderAttributed attributed(String orderId, String customerId, String creditedType, String storeId,
                                              String dealerId, List<OrderLine> lines) {
        Instant now = Instant.now();
        return new OrderAttributed(orderId, customerId, 1, 1, "LAST_TOUCH", creditedType, storeId, dealerId, null,
                storeId == null && dealerId == null ? null : "Ab3dE5gH9kLm", "CHECKOUT", now, 1,
                "last touch", now, lines);
    }

    private static EventEnvelope publish(OrderAttributed a) {
        return TopicProbe.publish(Events.ORDER_ATTRIBUTED, a.customerId(), a.orderId(), a);
    }

    private static Received<FulfilmentAssigned> assignment(String orderId) {
        List<Received<FulfilmentAssigned>> found = TopicProbe.await(Events.FULFILMENT_ASSIGNED,
                (FulfilmentAssigned f) -> f.orderId().equals(orderId), 1, EVENT_TIMEOUT);
        assertThat(found).as("FulfilmentAssigned of " + orderId).hasSize(1);
        return found.getFirst();
    }

    /** The exact event, its key and its envelope; {@code assignedAt} is checked to be the moment of handling. */
    private static void assertAssigned(Received<FulfilmentAssigned> got, EventEnvelope cause, Instant before,
                                       FulfilmentAssigned expected) {
        assertThat(got.key()).isEqualTo(expected.customerId());
        assertThat(got.payload()).usingRecursiveComparison().ignoringFields("assignedAt").isEqualTo(expected);
        assertThat(got.payload().assignedAt()).isBetween(before, Instant.now());
        assertThat(got.envelope().eventId()).isEqualTo("fulfilment-assigned:" + expected.orderId());
        assertThat(got.envelope().aggregateId()).isEqualTo(expected.orderId());
        assertThat(got.envelope().source()).isEqualTo("store-distribution-service");
        assertThat(got.envelope().causationId()).isEqualTo(cause.eventId());
        assertThat(got.envelope().correlationId()).isEqualTo(cause.correlationId());
    }

    @Test
    void an_order_credited_to_a_store_with_stock_for_every_line_ships_from_that_store() {
        String storeId = store();
        stock(storeId, "TEE-RED-M", 5);
        stock(storeId, "CAP-01", 1);
        String orderId = id("order");
        String customerId = id("c");
        Instant before = Instant.now();
        EventEnvelope cause = publish(attributed(orderId, customerId, "STORE", storeId, "dealer-1", List.of(
                line(1, "TEE-RED-M", 2, 9_900), line(2, "CAP-01", 1, 5_000), line(3, "TEE-RED-M", 1, 9_900))));

        assertAssigned(assignment(orderId), cause, before, new FulfilmentAssigned(orderId, customerId, "STORE",
                storeId, List.of(new Item(1, "TEE-RED-M", 2), new Item(2, "CAP-01", 1), new Item(3, "TEE-RED-M", 1)),
                "store " + storeId + " holds stock for every line", null));
        assertThat(stockOf(storeId, "TEE-RED-M")).containsExactly(5, 3, 2);
        assertThat(stockOf(storeId, "CAP-01")).containsExactly(1, 1, 0);
    }

    @Test
    void every_other_order_ships_from_the_hq_warehouse_and_says_why() {
        String storeId = store();
        stock(storeId, "A-TEE", 5);
        stock(storeId, "Z-CAP", 1);
        String inactiveStore = store();
        stock(inactiveStore, "A-TEE", 5);
        mongo.updateFirst(query(where("_id").is(inactiveStore)), new Update().set("deactivatedAt", Instant.now()),
                "stores");
        String unknownStore = id("store");
        String bareStore = store();     // stocks nothing at all
        List<OrderLine> lines = List.of(line(1, "A-TEE", 2, 9_900), line(2, "Z-CAP", 2, 5_000));
        List<Item> items = List.of(new Item(1, "A-TEE", 2), new Item(2, "Z-CAP", 2));

        record Case(OrderAttributed order, String reason) {
        }
        List<Case> cases = List.of(
                new Case(attributed(id("order"), id("c"), "HQ", null, null, lines), "credited to HQ"),
                new Case(attributed(id("order"), id("c"), "DEALER", null, "dealer-7", lines),
                        "credited to dealer dealer-7 through a dealer link"),
                new Case(attributed(id("order"), id("c"), "STORE", inactiveStore, null, lines),
                        "store " + inactiveStore + " is inactive"),
                new Case(attributed(id("order"), id("c"), "STORE", unknownStore, null, lines),
                        "store " + unknownStore + " is unknown"),
                new Case(attributed(id("order"), id("c"), "STORE", bareStore, null, lines),
                        "no stock of A-TEE at " + bareStore),
                // A-TEE is reserved first, then Z-CAP has 1 of the 2 wanted: A-TEE is given back
                new Case(attributed(id("order"), id("c"), "STORE", storeId, null, lines),
                        "no stock of Z-CAP at " + storeId));
        Instant before = Instant.now();
        List<EventEnvelope> causes = cases.stream().map(c -> publish(c.order())).toList();

        for (int i = 0; i < cases.size(); i++) {
            OrderAttributed o = cases.get(i).order();
            assertAssigned(assignment(o.orderId()), causes.get(i), before, new FulfilmentAssigned(o.orderId(),
                    o.customerId(), "HQ_WAREHOUSE", null, items, cases.get(i).reason(), null));
        }
        assertThat(stockOf(storeId, "A-TEE")).containsExactly(5, 0, 5);
        assertThat(stockOf(storeId, "Z-CAP")).containsExactly(1, 0, 1);
        assertThat(stockOf(inactiveStore, "A-TEE")).containsExactly(5, 0, 5);
        assertThat(stockOf(bareStore, "A-TEE")).containsExactly(0, 0, 0);
    }

    /**
     * The consumer takes a poll's records at once: a record it cannot assign goes to the dead-letter topic alone, and
     * the orders before and after it (one customer, so one partition, in this order) are each assigned once.
     */
    @Test
    void an_unassignable_record_is_dead_lettered_and_the_orders_around_it_are_assigned() {
        String storeId = store();
        stock(storeId, "TEE", 3);
        String customerId = id("c");
        List<OrderLine> one = List.of(line(1, "TEE", 1, 100));
        OrderAttributed first = attributed(id("order"), customerId, "STORE", storeId, null, one);
        OrderAttributed noLines = attributed(id("order"), customerId, "STORE", storeId, null, List.of());
        OrderAttributed noSku = attributed(id("order"), customerId, "STORE", storeId, null,
                List.of(line(1, null, 1, 100)));
        OrderAttributed second = attributed(id("order"), customerId, "STORE", storeId, null, one);
        OrderAttributed third = attributed(id("order"), customerId, "STORE", storeId, null, one);
        publish(first);
        publish(noLines);
        publish(noSku);
        TopicProbe.publishTwice(Events.ORDER_ATTRIBUTED, customerId, second.orderId(), second);
        TopicProbe.publish(Topics.ATTRIBUTIONS, customerId, EventEnvelope.create(Events.ORDER_ATTRIBUTED, "o-bad",
                "test", Instant.now(), null, null), "{not json".getBytes(StandardCharsets.UTF_8));
        publish(third);

        for (OrderAttributed o : List.of(first, second, third)) {
            assertThat(assignment(o.orderId()).payload().assignee()).as(o.orderId()).isEqualTo("STORE");
        }
        assertThat(stockOf(storeId, "TEE")).containsExactly(3, 3, 0);
        String deadLetters = Topics.deadLetter(Topics.ATTRIBUTIONS, "store-distribution-service");
        await().atMost(EVENT_TIMEOUT).untilAsserted(() -> assertThat(TopicProbe.awaitRaw(deadLetters, customerId,
                Duration.ofSeconds(2))).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder(new String(EventJson.write(noLines), StandardCharsets.UTF_8),
                        new String(EventJson.write(noSku), StandardCharsets.UTF_8), "{not json"));
        assertThat(mongo.count(query(where("_id").in(noLines.orderId(), noSku.orderId())), AssignmentDoc.class))
                .isZero();
    }

    @Test
    void a_duplicate_delivery_assigns_and_reserves_once() {
        String storeId = store();
        stock(storeId, "TEE", 4);
        String customerId = id("c");
        String orderId = id("order");
        OrderAttributed order = attributed(orderId, customerId, "STORE", storeId, null, List.of(line(1, "TEE", 2, 100)));
        TopicProbe.publishTwice(Events.ORDER_ATTRIBUTED, customerId, orderId, order);
        // the same customer's next order lands on the same partition: once it is assigned, both copies were handled
        String next = id("order");
        publish(attributed(next, customerId, "HQ", null, null, List.of(line(1, "TEE", 1, 100))));
        assignment(next);

        assertThat(assignment(orderId).payload().assignee()).isEqualTo("STORE");
        assertThat(stockOf(storeId, "TEE")).containsExactly(4, 2, 2);
        assertThat(mongo.count(query(where("_id").is(orderId)), AssignmentDoc.class)).isEqualTo(1);
    }

    @Test
    void a_full_refund_releases_the_store_reservation_once_and_a_partial_refund_keeps_it() {
        String storeId = store();
        stock(storeId, "TEE", 5);
        stock(storeId, "CAP", 3);
        String customerId = id("c");
        String orderId = id("order");
        String marker = id("order");
        publish(attributed(orderId, customerId, "STORE", storeId, null,
                List.of(line(1, "TEE", 2, 100), line(2, "CAP", 1, 150))));
        publish(attributed(marker, customerId, "HQ", null, null, List.of(line(1, "TEE", 1, 100))));
        assignment(orderId);
        assignment(marker);
        assertThat(stockOf(storeId, "TEE")).containsExactly(5, 2, 3);

        Instant now = Instant.now();
        OrderRefunded halfOfLine1 = new OrderRefunded(orderId, customerId, "rf-1", 1, 1, 100, 100, 200, "CNY", now);
        OrderRefunded allOfLine2 = new OrderRefunded(orderId, customerId, "rf-2", 2, 2, 150, 150, 150, "CNY", now);
        TopicProbe.publish(Events.ORDER_REFUNDED, customerId, orderId, halfOfLine1);
        TopicProbe.publish(Events.ORDER_REFUNDED, customerId, orderId, allOfLine2);
        await().atMost(EVENT_TIMEOUT).until(() -> mongo.findById(orderId, AssignmentDoc.class).refunds().size() == 2);
        assertThat(stockOf(storeId, "TEE")).containsExactly(5, 2, 3);
        assertThat(stockOf(storeId, "CAP")).containsExactly(3, 1, 2);
        assertThat(mongo.findById(orderId, AssignmentDoc.class).releasedAt()).isNull();

        // the rest of line 1, delivered twice, and line 2's refund again from a retrying producer
        OrderRefunded restOfLine1 = new OrderRefunded(orderId, customerId, "rf-3", 3, 1, 100, 200, 200, "CNY", now);
        TopicProbe.publishTwice(Events.ORDER_REFUNDED, customerId, orderId, restOfLine1);
        TopicProbe.publish(Events.ORDER_REFUNDED, customerId, orderId, allOfLine2);
        TopicProbe.publish(Events.ORDER_REFUNDED, customerId, marker,
                new OrderRefunded(marker, customerId, "rf-m", 1, 1, 100, 100, 100, "CNY", now));
        await().atMost(EVENT_TIMEOUT).until(() -> mongo.findById(marker, AssignmentDoc.class).refunds().size() == 1);

        assertThat(stockOf(storeId, "TEE")).containsExactly(5, 0, 5);
        assertThat(stockOf(storeId, "CAP")).containsExactly(3, 0, 3);
        AssignmentDoc doc = mongo.findById(orderId, AssignmentDoc.class);
        assertThat(doc.refunds()).extracting(r -> r.refundId()).containsExactly("rf-1", "rf-2", "rf-3");
        assertThat(doc.releasedAt()).isNotNull();
        assertThat(mongo.findById(marker, AssignmentDoc.class).releasedAt()).isNull();
    }
}
