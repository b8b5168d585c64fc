package io.storecast.attribution;

import io.storecast.contracts.Events;
import io.storecast.contracts.fulfilment.FulfilmentAssigned;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.network.CommissionPlanPublished;
import io.storecast.contracts.network.DealerRegistered;
import io.storecast.contracts.network.StoreRegistered;
import io.storecast.contracts.orders.OrderCompleted;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.Tokens;
import io.storecast.platform.testing.ServiceUnderTest;
import io.storecast.platform.testing.TopicProbe;
import io.storecast.attribution.persistence.AttributionDocuments.CloseLockDoc;
import io.storecast.attribution.persistence.AttributionDocuments.DecisionDoc;
import io.storecast.attribution.persistence.AttributionDocuments.ShippingDoc;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Settlement end to end: completion makes entries settleable, a period close freezes one statement per
 * beneficiary (twice is once), a reversal after the close is carried to the next statement as a negative line,
 * payouts never exceed the statement and the same payout id twice is one payout. Own database and group: its
 * closes sweep only its own entries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=attribution-service", "spring.application.name=attribution-settlement-test"})
class SettlementFlowTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        ServiceUnderTest.wire(r, "attribution-settlement-test");
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Test
    void completion_close_statements_carried_forward_reversal_and_payouts() {
        Http http = Http.at(port).as(Tokens.of("FINANCE", null, "finance@brand"));
        String u = UUID.randomUUID().toString().substring(0, 8);
        String dealer = "d-" + u, store = "s-" + u, code = "Se" + u + "xy", customer = "c-" + u;
        String o1 = "o1-" + u, o2 = "o2-" + u;
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        TopicProbe.publish(Events.COMMISSION_PLAN_PUBLISHED, "1", "1", new CommissionPlanPublished(1,
                Instant.parse("2020-01-01T00:00:00Z"), "CNY",
                Map.of("*", new CommissionPlanPublished.Rates(500, 100, 200, 0)), at));
        TopicProbe.publish(Events.DEALER_REGISTERED, dealer, dealer, new DealerRegistered(dealer, "D-" + u, "华东", at));
        TopicProbe.publish(Events.STORE_REGISTERED, store, store, new StoreRegistered(store, "S-" + u, "杭州西湖店",
                dealer, at, "杭州", null, null));
        TopicProbe.publish(Events.LINK_ISSUED, code, code, new LinkIssued(code, "STORE", store, store, dealer, "r1",
                null, "poster", at, null));
        Instant placed1 = Instant.parse("2026-07-10T04:00:00Z");
        Instant placed2 = Instant.parse("2026-07-12T04:00:00Z");
        List<OrderLine> lines1 = List.of(new OrderLine(1, "SKU-A", "apparel", 1, 10_000, 10_000));
        List<OrderLine> lines2 = List.of(new OrderLine(1, "SKU-B", "apparel", 2, 10_000, 20_000));
        TopicProbe.publish(Events.ORDER_PLACED, customer, o1, new OrderPlaced(o1, "co1", customer, "sess", code,
                lines1, 10_000, "CNY", placed1));
        TopicProbe.publish(Events.ORDER_PAID, customer, o1, new OrderPaid(o1, customer, "sess", code, "p1-" + u, lines1,
                10_000, "CNY", placed1, placed1.plusSeconds(60)));
        TopicProbe.publish(Events.ORDER_PLACED, customer, o2, new OrderPlaced(o2, "co2", customer, "sess", code,
                lines2, 20_000, "CNY", placed2));
        TopicProbe.publish(Events.ORDER_PAID, customer, o2, new OrderPaid(o2, customer, "sess", code, "p2-" + u, lines2,
                20_000, "CNY", placed2, placed2.plusSeconds(60)));
        // o1 is delivered and its return window passes: its commission becomes settleable (delivered twice)
        TopicProbe.publishTwice(Events.ORDER_COMPLETED, customer, o1, new OrderCompleted(o1, customer,
                Instant.parse("2026-07-13T00:00:00Z"), 7, Instant.parse("2026-07-20T00:00:00Z")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(statuses(http, o1)).containsExactly("DEALER_OVERRIDE 200 SETTLEABLE", "TRAFFIC 500 SETTLEABLE");
            assertThat(statuses(http, o2)).containsExactly("DEALER_OVERRIDE 400 PENDING", "TRAFFIC 1000 PENDING");
        });

        // the current month cannot be closed; July can, once
        Http.Response early = http.post("/settlement/periods/2026-12/close", Map.of());
        assertThat(early.status()).isEqualTo(422);
        assertThat(early.json().get("errors").get(0).get("field").asString()).isEqualTo("period");
        JsonNode july = http.post("/settlement/periods/2026-07/close", Map.of()).json();
        assertThat(july.get("status").asString()).isEqualTo("CLOSED");
        assertThat(july.get("statements").asInt()).isEqualTo(2);
        assertThat(july.get("total").asLong()).isEqualTo(700);
        JsonNode again = Http.at(port).as(Tokens.of("FINANCE", null, "someone-else@brand"))
                .post("/settlement/periods/2026-07/close", Map.of()).json();
        assertThat(again.get("closedBy").asString()).isEqualTo("finance@brand");
        assertThat(again.get("closedAt").asString()).isEqualTo(july.get("closedAt").asString());
        // the period's statements a page at a time, by id: the dealer's, then the store's
        JsonNode list = http.get("/statements?period=2026-07").json();
        assertThat(list.get("count").asLong()).isEqualTo(2);
        assertThat(list.get("statements")).extracting(x -> x.get("beneficiaryType").asString() + " "
                + x.get("total").asLong() + " " + x.get("payouts").asInt() + " " + x.get("status").asString() + " "
                + x.has("lines")).containsExactly("DEALER 200 0 OPEN false", "STORE 500 0 OPEN false");
        JsonNode second = http.get("/statements?period=2026-07&page=1&size=1").json();
        assertThat(second.get("count").asLong()).isEqualTo(2);
        assertThat(second.get("statements")).extracting(x -> x.get("beneficiaryId").asString()).containsExactly(store);
        assertThat(http.get("/statements?period=2026-07&size=0").status()).isEqualTo(400);

        String storeStatement = "/statements/2026-07/STORE/" + store;
        JsonNode st = http.get(storeStatement).json();
        assertThat(st.get("beneficiaryCode").asString()).isEqualTo("S-" + u);
        assertThat(st.get("beneficiaryName").asString()).isEqualTo("杭州西湖店");
        assertThat(st.get("total").asLong()).isEqualTo(500);
        assertThat(st.get("status").asString()).isEqualTo("OPEN");
        assertThat(st.get("lines")).singleElement().satisfies(l -> {
            assertThat(l.get("entryId").asString()).isEqualTo(o1 + ":1:TRAFFIC:0");
            assertThat(l.get("amount").asLong()).isEqualTo(500);
        });
        assertThat(http.get("/statements/2026-07/DEALER/" + dealer).json().get("total").asLong()).isEqualTo(200);
        // the store and its dealer read the store's statement; another store cannot, nor the store the dealer's
        Http asStore = Http.at(port).as(Tokens.store(store));
        assertThat(asStore.get(storeStatement).json().get("total").asLong()).isEqualTo(500);
        assertThat(asStore.get(storeStatement + "/document").status()).isEqualTo(200);
        assertThat(Http.at(port).as(Tokens.dealer(dealer)).get(storeStatement).json().get("total").asLong())
                .isEqualTo(500);
        Http.Response notTheirs = Http.at(port).as(Tokens.store("s-other-" + u)).get(storeStatement);
        assertThat(notTheirs.status()).isEqualTo(403);
        assertThat(notTheirs.json().get("errors").get(0).get("field").asString()).isEqualTo("beneficiaryId");
        assertThat(asStore.get("/statements/2026-07/DEALER/" + dealer).status()).isEqualTo(403);
        // a store's list is its own statements; only finance records a payout
        assertThat(asStore.get("/statements?period=2026-07").json().get("statements"))
                .extracting(x -> x.get("beneficiaryType").asString() + " " + x.get("beneficiaryId").asString())
                .containsExactly("STORE " + store);
        assertThat(Http.at(port).as(Tokens.hq()).post(storeStatement + "/payouts", payout("po0-" + u, 100))
                .status()).isEqualTo(403);
        assertThat(statuses(http, o1)).containsExactly("DEALER_OVERRIDE 200 ON_STATEMENT", "TRAFFIC 500 ON_STATEMENT");
        // the report follows within about a second (its rollups are a stream's; the close writes its own part)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode row = storeRow(http, "2026-07");
            assertThat(row.get("pending").asLong()).isEqualTo(1_000);
            assertThat(row.get("settleable").asLong()).isZero();
            assertThat(row.get("onStatement").asLong()).isEqualTo(500);
            assertThat(row.get("commissionNet").asLong()).isEqualTo(1_500);
        });

        // payouts: part, the same payout again, too much (twice), a reused id, then the rest
        Http.Response part = http.post(storeStatement + "/payouts", payout("po1-" + u, 300));
        assertThat(part.status()).isEqualTo(201);
        assertThat(part.json().get("paid").asLong()).isEqualTo(300);
        assertThat(part.json().get("outstanding").asLong()).isEqualTo(200);
        assertThat(part.json().get("status").asString()).isEqualTo("PARTLY_PAID");
        assertThat(part.json().get("payouts").get(0).get("recordedBy").asString()).isEqualTo("finance@brand");
        Http.Response same = http.post(storeStatement + "/payouts", payout("po1-" + u, 300));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("paid").asLong()).isEqualTo(300);
        assertThat(same.json().get("payouts")).hasSize(1);
        Http.Response tooMuch = http.post(storeStatement + "/payouts", payout("po2-" + u, 201));
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.json().get("errors").get(0).get("field").asString()).isEqualTo("amount");
        assertThat(tooMuch.json().get("detail").asString()).isEqualTo("the statement owes 200 fen (total 500, paid "
                + "300): a payout of 201 fen would exceed it");
        // a payout past what a long holds is refused the same way, and leaves its id free
        Http.Response huge = http.post(storeStatement + "/payouts", payout("po2-" + u, Long.MAX_VALUE));
        assertThat(huge.status()).isEqualTo(422);
        assertThat(huge.json().get("errors").get(0).get("field").asString()).isEqualTo("amount");
        assertThat(huge.json().get("detail").asString()).isEqualTo("the statement owes 200 fen (total 500, paid "
                + "300): a payout of 9223372036854775807 fen would exceed it");
        Http.Response reused = http.post(storeStatement + "/payouts", payout("po1-" + u, 200));
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.json().get("errors").get(0).get("field").asString()).isEqualTo("payoutId");
        Http.Response rest = http.post(storeStatement + "/payouts", payout("po2-" + u, 200));
        assertThat(rest.status()).isEqualTo(201);
        assertThat(rest.json().get("status").asString()).isEqualTo("PAID");
        assertThat(statuses(http, o1)).containsExactly("DEALER_OVERRIDE 200 ON_STATEMENT", "TRAFFIC 500 PAID");
        JsonNode paidRow = storeRow(http, "2026-07");
        assertThat(paidRow.get("paid").asLong()).isEqualTo(500);
        assertThat(paidRow.get("onStatement").asLong()).isZero();
        assertThat(paidRow.get("pending").asLong()).isEqualTo(1_000);

        // after the close: o1 is partly refunded in August (its reversal is settleable at once: the order is
        // complete), o2 completes; August's statement carries the reversal forward as a negative line
        TopicProbe.publishTwice(Events.ORDER_REFUNDED, customer, o1, new OrderRefunded(o1, customer, "rf-" + u, 1, 1,
                2_000, 2_000, 10_000, "CNY", Instant.parse("2026-08-03T04:00:00Z")));
        TopicProbe.publish(Events.ORDER_COMPLETED, customer, o2, new OrderCompleted(o2, customer,
                Instant.parse("2026-07-20T00:00:00Z"), 7, Instant.parse("2026-08-05T00:00:00Z")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(statuses(http, o1)).contains("TRAFFIC -100 SETTLEABLE", "DEALER_OVERRIDE -40 SETTLEABLE");
            assertThat(statuses(http, o2)).containsExactly("DEALER_OVERRIDE 400 SETTLEABLE", "TRAFFIC 1000 SETTLEABLE");
        });
        JsonNode august = http.post("/settlement/periods/2026-08/close", Map.of()).json();
        assertThat(august.get("statements").asInt()).isEqualTo(2);
        // o2's July entries (settleable since August 5) go on August's statement with o1's August reversal
        JsonNode next = http.get("/statements/2026-08/STORE/" + store).json();
        assertThat(next.get("total").asLong()).isEqualTo(900);
        assertThat(next.get("lines")).extracting(l -> l.get("entryId").asString() + " " + l.get("amount").asLong()
                        + " " + l.get("entryPeriod").asString() + " " + l.get("carriedForward").asBoolean())
                .containsExactly(o1 + ":1:TRAFFIC:1 -100 2026-08 true", o2 + ":1:TRAFFIC:0 1000 2026-07 false");
        assertThat(http.get("/statements/2026-08/DEALER/" + dealer).json().get("total").asLong()).isEqualTo(360);

        Http.Response doc = http.get("/statements/2026-08/STORE/" + store + "/document");
        assertThat(doc.header("Content-Type")).startsWith("text/html");
        assertThat(doc.body()).contains("杭州西湖店", "S-" + u, "Total CNY 9.00", "<td class=n>-1.00</td>", "(carried forward)")
                .doesNotContain("<script");
        assertThat(http.get("/statements/2026-06/STORE/" + store).status()).isEqualTo(404);
    }

    /**
     * One close at a time, whatever the period: two at once would both claim the settleable entries of earlier
     * periods. While another closer holds the lock a close answers 409 naming the period being closed; a lock whose
     * lease ran out (its closer stopped) is taken over, and released when the close is done.
     */
    @Test
    void one_close_runs_at_a_time_and_a_stopped_closers_lock_is_taken_over() {
        Http http = Http.at(port).as(Tokens.of("FINANCE", null, "finance@brand"));
        try {
            mongo.save(new CloseLockDoc("close", "another-instance", "2025-03", Instant.now().plusSeconds(60)));
            Http.Response busy = http.post("/settlement/periods/2025-04/close", Map.of());
            assertThat(busy.status()).isEqualTo(409);
            assertThat(busy.json().get("errors").get(0).get("field").asString()).isEqualTo("period");
            assertThat(busy.json().get("errors").get(0).get("message").asString())
                    .isEqualTo("a close of period 2025-03 is running right now; retry in a minute");
            assertThat(http.get("/settlement/periods/2025-04").status()).isEqualTo(404);

            mongo.save(new CloseLockDoc("close", "another-instance", "2025-03", Instant.now().minusSeconds(1)));
            JsonNode closed = http.post("/settlement/periods/2025-04/close", Map.of())
                    .json();
            assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
            assertThat(closed.get("closedBy").asString()).isEqualTo("finance@brand");
            assertThat(mongo.findById("close", CloseLockDoc.class)).isNull();
        } finally {
            mongo.remove(new org.bson.Document(), "close_lock");
        }
    }

    /**
     * The shipping store's fee: accrued when the assignment arrives (in the payment's period), reversed by the net
     * rule whether the refund came before or after the assignment; none for the HQ warehouse; the first assignment
     * stands; an assignment that arrives before the order's decision waits for it; every event delivered twice.
     * Orders of March 2019, under plan 90 (in force from 2019 until plan 1 of
     * 2020 that the other tests use).
     */
    @Test
    void the_fulfilment_fee_follows_the_assignment_and_the_refunds_in_either_order() {
        Http http = Http.at(port).as(Tokens.of("FINANCE", null, "finance@brand"));
        String u = UUID.randomUUID().toString().substring(0, 8);
        String store = "sf-" + u, code = "Fu" + u + "xy", customer = "cf-" + u, hqCustomer = "ch-" + u;
        String a = "fa-" + u, b = "fb-" + u, c = "fc-" + u, d = "fd-" + u, g = "fg-" + u;
        Instant at = Instant.parse("2019-01-01T00:00:00Z");
        TopicProbe.publish(Events.COMMISSION_PLAN_PUBLISHED, "90", "90", new CommissionPlanPublished(90, at, "CNY",
                Map.of("*", new CommissionPlanPublished.Rates(500, 0, 0, 150)), at));
        TopicProbe.publish(Events.STORE_REGISTERED, store, store, new StoreRegistered(store, "F-" + u, "F", null, at,
                null, null, null));
        TopicProbe.publish(Events.LINK_ISSUED, code, code, new LinkIssued(code, "STORE", store, store, null, "r1",
                null, "poster", at, null));
        Instant placed = Instant.parse("2019-03-10T04:00:00Z");
        List<OrderLine> lines = List.of(new OrderLine(1, "SKU-F", "apparel", 1, 10_030, 10_030));
        for (String o : List.of(a, b, c)) {
            TopicProbe.publish(Events.ORDER_PLACED, customer, o, new OrderPlaced(o, "co-" + o, customer, "sess", code,
                    lines, 10_030, "CNY", placed));
            TopicProbe.publish(Events.ORDER_PAID, customer, o, new OrderPaid(o, customer, "sess", code, "p-" + o, lines,
                    10_030, "CNY", placed, placed.plusSeconds(60)));
        }
        // d: a customer with no touch, so credited to HQ (no plan on its decision), yet shipped from the store and then refunded whole
        TopicProbe.publish(Events.ORDER_PAID, hqCustomer, d, new OrderPaid(d, hqCustomer, "sess", null, "p-" + d, lines,
                10_030, "CNY", placed, placed.plusSeconds(60)));
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of(a, b, c).stream()
                .allMatch(o -> http.get("/orders/" + o + "/ledger").json().size() == 1)
                && http.get("/orders/" + d + "/attribution").status() == 200);
        TopicProbe.publishTwice(Events.FULFILMENT_ASSIGNED, hqCustomer, d, new FulfilmentAssigned(d, hqCustomer, "STORE",
                store, List.of(new FulfilmentAssigned.Item(1, "SKU-F", 1)), "stock", placed.plusSeconds(90)));
        await().atMost(Duration.ofSeconds(30)).until(() -> amounts(http, d).containsKey(d + ":1:FULFILMENT:0"));
        TopicProbe.publishTwice(Events.ORDER_REFUNDED, hqCustomer, d, new OrderRefunded(d, hqCustomer, "rd1-" + u, 1, 1,
                10_030, 10_030, 10_030, "CNY", placed.plusSeconds(3600)));

        // a: assigned to the store, then refunded 30 and then the rest
        TopicProbe.publishTwice(Events.FULFILMENT_ASSIGNED, customer, a, new FulfilmentAssigned(a, customer, "STORE",
                store, List.of(new FulfilmentAssigned.Item(1, "SKU-F", 1)), "stock", placed.plusSeconds(90)));
        await().atMost(Duration.ofSeconds(30)).until(() -> amounts(http, a).containsKey(a + ":1:FULFILMENT:0"));
        TopicProbe.publishTwice(Events.ORDER_REFUNDED, customer, a, new OrderRefunded(a, customer, "ra1-" + u, 1, 1, 30,
                30, 10_030, "CNY", placed.plusSeconds(3600)));
        TopicProbe.publishTwice(Events.ORDER_REFUNDED, customer, a, new OrderRefunded(a, customer, "ra2-" + u, 2, 1,
                10_000, 10_030, 10_030, "CNY", placed.plusSeconds(7200)));
        // g: assigned before it is paid (the assignment is retried until the decision is there)
        TopicProbe.publishTwice(Events.FULFILMENT_ASSIGNED, customer, g, new FulfilmentAssigned(g, customer, "STORE",
                store, List.of(new FulfilmentAssigned.Item(1, "SKU-F", 1)), "stock", placed.plusSeconds(90)));
        TopicProbe.publish(Events.ORDER_PLACED, customer, g, new OrderPlaced(g, "co-" + g, customer, "sess", code,
                lines, 10_030, "CNY", placed));
        TopicProbe.publish(Events.ORDER_PAID, customer, g, new OrderPaid(g, customer, "sess", code, "p-" + g, lines,
                10_030, "CNY", placed, placed.plusSeconds(60)));
        // b: refunded 1,030 first, assigned afterwards
        TopicProbe.publishTwice(Events.ORDER_REFUNDED, customer, b, new OrderRefunded(b, customer, "rb1-" + u, 1, 1,
                1_030, 1_030, 10_030, "CNY", placed.plusSeconds(3600)));
        await().atMost(Duration.ofSeconds(30)).until(() -> amounts(http, b).containsKey(b + ":1:TRAFFIC:1"));
        TopicProbe.publishTwice(Events.FULFILMENT_ASSIGNED, customer, b, new FulfilmentAssigned(b, customer, "STORE",
                store, List.of(new FulfilmentAssigned.Item(1, "SKU-F", 1)), "stock", placed.plusSeconds(4000)));
        // c: the HQ warehouse ships; a later different assignment does not replace the first
        TopicProbe.publish(Events.FULFILMENT_ASSIGNED, customer, c, new FulfilmentAssigned(c, customer, "HQ_WAREHOUSE",
                null, List.of(new FulfilmentAssigned.Item(1, "SKU-F", 1)), "no stock", placed.plusSeconds(90)));
        TopicProbe.publish(Events.FULFILMENT_ASSIGNED, customer, c, new FulfilmentAssigned(c, customer, "STORE",
                store, List.of(new FulfilmentAssigned.Item(1, "SKU-F", 1)), "late", placed.plusSeconds(95)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(amounts(http, a)).containsExactlyInAnyOrderEntriesOf(Map.of(a + ":1:TRAFFIC:0", 502L,
                    a + ":1:FULFILMENT:0", 150L, a + ":1:TRAFFIC:1", -2L, a + ":1:TRAFFIC:2", -500L,
                    a + ":1:FULFILMENT:2", -150L));
            assertThat(amounts(http, b)).containsExactlyInAnyOrderEntriesOf(Map.of(b + ":1:TRAFFIC:0", 502L,
                    b + ":1:TRAFFIC:1", -52L, b + ":1:FULFILMENT:0", 150L, b + ":1:FULFILMENT:1", -15L));
            assertThat(amounts(http, d)).containsExactlyInAnyOrderEntriesOf(Map.of(d + ":1:FULFILMENT:0", 150L,
                    d + ":1:FULFILMENT:1", -150L));
            assertThat(amounts(http, g)).containsExactlyInAnyOrderEntriesOf(Map.of(g + ":1:TRAFFIC:0", 502L,
                    g + ":1:FULFILMENT:0", 150L));
            JsonNode row = storeRow(http, "2019-03");
            assertThat(row.get("commissionAccrued").asLong()).isEqualTo(502 * 4 + 150 * 4);
            assertThat(row.get("commissionNet").asLong()).isEqualTo(0 + 585 + 502 + 0 + 652);
        });
        // c never earns a fee, even after waiting for the late second assignment to be consumed
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                amounts(http, c).equals(Map.of(c + ":1:TRAFFIC:0", 502L)));
        // each decision says who ships the order; the read model keeps who ships c and a apart from their decisions
        // (only that changed when they were assigned; a's refunds wrote its decision whole again since), and g's
        // decision holds it (its assignment was in the books when it was paid)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(java.util.stream.Stream.of(c, a, g)
                .map(o -> http.get("/orders/" + o + "/attribution").json()).map(x -> text(x, "fulfilmentAssignee")
                        + " " + text(x, "fulfilmentStoreId") + " " + x.get("paidAmount").asLong()))
                .containsExactly("HQ_WAREHOUSE null 10030", "STORE " + store + " 10030", "STORE " + store + " 10030"));
        assertThat(java.util.stream.Stream.of(c, a, g).map(o -> mongo.findById(o, ShippingDoc.class) != null))
                .containsExactly(true, true, false);
        assertThat(mongo.findById(c, DecisionDoc.class).fulfilmentAssignee()).isNull();     // not updated in place
        assertThat(mongo.findById(a, DecisionDoc.class).fulfilmentStoreId()).isEqualTo(store);
        JsonNode fee = http.get("/orders/" + a + "/ledger").json().valueStream()
                .filter(e -> e.get("id").asString().equals(a + ":1:FULFILMENT:0")).findFirst().orElseThrow();
        assertThat(fee.get("beneficiaryType").asString()).isEqualTo("STORE");
        assertThat(fee.get("beneficiaryId").asString()).isEqualTo(store);
        assertThat(fee.get("period").asString()).isEqualTo("2019-03");
    }

    static Map<String, Long> amounts(Http http, String order) {
        Map<String, Long> out = new java.util.HashMap<>();
        http.get("/orders/" + order + "/ledger").json().forEach(e -> out.put(e.get("id").asString(),
                e.get("amount").asLong()));
        return out;
    }

    static Map<String, Object> payout(String id, long amount) {
        return Map.of("payoutId", id, "amount", amount, "paidAt", "2026-08-01T02:00:00Z", "reference", "bank-" + id);
    }

    static List<String> statuses(Http http, String order) {
        return http.get("/orders/" + order + "/ledger").json().valueStream()
                .map(e -> e.get("role").asString() + " " + e.get("amount").asLong() + " " + e.get("status").asString())
                .sorted().toList();
    }

    /** A field's text, "null" for JSON's null. */
    static String text(JsonNode node, String field) {
        return node.get(field).isNull() ? "null" : node.get(field).asString();
    }

    static JsonNode storeRow(Http http, String period) {
        JsonNode rows = http.get("/reports/stores?period=" + period).json().get("rows");
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
