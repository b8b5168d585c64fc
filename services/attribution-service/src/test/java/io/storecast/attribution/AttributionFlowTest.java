package io.storecast.attribution;

import io.storecast.attribution.application.ReferenceViews;
import io.storecast.contracts.EventEnvelope;
import io.storecast.contracts.Events;
import io.storecast.contracts.Topics;
import io.storecast.contracts.attribution.CommissionEntryRecorded;
import io.storecast.contracts.attribution.OrderAttributed;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.rooms.SessionStarted;
import io.storecast.contracts.rooms.ProductPinned;
import io.storecast.contracts.rooms.SessionEnded;
import io.storecast.contracts.rooms.SessionScheduled;
import io.storecast.contracts.links.LinkClicked;
import io.storecast.contracts.network.CommissionPlanPublished;
import io.storecast.contracts.network.DealerRegistered;
import io.storecast.contracts.network.StaffRegistered;
import io.storecast.contracts.network.StoreChanged;
import io.storecast.contracts.network.StoreRegistered;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.contracts.presence.ViewerReserved;
import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.Tokens;
import io.storecast.platform.testing.ServiceUnderTest;
import io.storecast.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * attribution-service consuming real events from the real broker, every event delivered twice: the
 * touch, decision, ledger and report must come out exactly once, to the fen.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=attribution-service", "storecast.security.peer-secret=peer-of-this-test"})
class AttributionFlowTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        ServiceUnderTest.wire(r, "attribution-test");
    }

    @LocalServerPort
    int port;

    /** The decision stream's group, whose dead-letter topics take what the books cannot use. */
    static String deadLetterGroup() {
        return "attribution-service-decisions";
    }

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    ReferenceViews reference;

    static final Instant PLACED = Instant.parse("2026-11-11T04:00:00Z");
    static final Instant PAID = Instant.parse("2026-11-11T04:01:00Z");
    static final Instant REFUNDED = Instant.parse("2026-11-12T00:00:00Z");
    /** Another period, so this test's sale stays out of the November report another test asserts. */
    static final Instant OCTOBER = Instant.parse("2026-10-15T04:00:00Z");

    @Test
    void a_staff_sale_is_attributed_once_its_commission_reversed_once_and_the_report_is_exact() {
        Http http = Http.at(port).as(Tokens.hq());
        String u = UUID.randomUUID().toString().substring(0, 8);
        String dealer = "d-" + u, store = "s-" + u, staff = "st-" + u, code = "Lk" + u + "xy", customer = "c-" + u;
        String order = "o-" + u;
        Instant at = Instant.parse("2026-01-01T00:00:00Z");

        TopicProbe.publishTwice(Events.COMMISSION_PLAN_PUBLISHED, "1", "1", new CommissionPlanPublished(1,
                Instant.parse("2020-01-01T00:00:00Z"), "CNY",
                Map.of("*", new CommissionPlanPublished.Rates(500, 100, 200, 0)), at));
        TopicProbe.publishTwice(Events.DEALER_REGISTERED, dealer, dealer, new DealerRegistered(dealer, "D-" + u, "华东", at));
        TopicProbe.publishTwice(Events.STORE_REGISTERED, store, store, new StoreRegistered(store, "S-" + u, "杭州西湖店", dealer, at, "杭州", null, null));
        TopicProbe.publishTwice(Events.STAFF_REGISTERED, staff, staff, new StaffRegistered(staff, store, "Li", null, at));
        TopicProbe.publishTwice(Events.LINK_ISSUED, code, code, new LinkIssued(code, "STAFF", staff, store, dealer,
                "r1", null, "wechat-group", at, null));

        // a join through the staff link, delivered twice: one touch
        TopicProbe.publishTwice(Events.VIEWER_JOINED, customer, "sess1",
                new ViewerJoined("sess1", "r1", customer, code, PLACED.minusSeconds(3600)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/customers/" + customer + "/touches").json()).hasSize(1)
                        .allSatisfy(t -> assertThat(t.get("storeId").asString()).isEqualTo(store)));

        List<OrderLine> lines = List.of(new OrderLine(1, "SKU-A", "apparel", 2, 9_950, 19_900),
                new OrderLine(2, "SKU-B", "kitchen", 1, 5_005, 5_005));
        TopicProbe.publishTwice(Events.ORDER_PLACED, customer, order, new OrderPlaced(order, "co-" + u, customer,
                "sess1", code, lines, 24_905, "CNY", PLACED));
        TopicProbe.publishTwice(Events.ORDER_PAID, customer, order, new OrderPaid(order, customer, "sess1", code,
                "pay-" + u, lines, 24_905, "CNY", PLACED, PAID));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/orders/" + order + "/ledger").json()).hasSize(6));
        JsonNode decision = http.get("/orders/" + order + "/attribution").json();
        assertThat(decision.get("creditedType").asString()).isEqualTo("STORE");
        assertThat(decision.get("storeId").asString()).isEqualTo(store);
        assertThat(decision.get("staffId").asString()).isEqualTo(staff);
        assertThat(decision.get("dealerId").asString()).isEqualTo(dealer);
        assertThat(decision.get("candidates")).hasSize(2);          // the JOIN and the CHECKOUT, once each
        assertThat(decision.get("winningTouch").get("kind").asString()).isEqualTo("CHECKOUT");

        TopicProbe.publishTwice(Events.ORDER_REFUNDED, customer, order, new OrderRefunded(order, customer, "rf-" + u,
                1, 2, 2_000, 2_000, 5_005, "CNY", REFUNDED));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/orders/" + order + "/ledger").json()).hasSize(9));

        Map<String, Long> amounts = new java.util.TreeMap<>();
        http.get("/orders/" + order + "/ledger").json().forEach(e -> amounts.put(e.get("id").asString(), e.get("amount").asLong()));
        assertThat(amounts).containsExactlyInAnyOrderEntriesOf(Map.of(
                order + ":1:TRAFFIC:0", 995L, order + ":1:STAFF_BONUS:0", 199L, order + ":1:DEALER_OVERRIDE:0", 398L,
                order + ":2:TRAFFIC:0", 250L, order + ":2:STAFF_BONUS:0", 50L, order + ":2:DEALER_OVERRIDE:0", 100L,
                order + ":2:TRAFFIC:1", -100L, order + ":2:STAFF_BONUS:1", -20L, order + ":2:DEALER_OVERRIDE:1", -40L));

        // the report follows the ledger within about a second (its rollups are a stream's)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        JsonNode report = http.get("/reports/stores?period=2026-11").json();
        assertThat(report.get("rows")).hasSize(1);
        JsonNode row = report.get("rows").get(0);
        assertThat(row.get("code").asString()).isEqualTo("S-" + u);
        assertThat(row.get("name").asString()).isEqualTo("杭州西湖店");
        assertThat(row.get("dealerCode").asString()).isEqualTo("D-" + u);
        assertThat(row.get("attributedOrders").asLong()).isEqualTo(1);
        assertThat(row.get("grossSales").asLong()).isEqualTo(24_905);
        assertThat(row.get("refunds").asLong()).isEqualTo(2_000);
        assertThat(row.get("netSales").asLong()).isEqualTo(22_905);
        assertThat(row.get("commissionAccrued").asLong()).isEqualTo(1_245);
        assertThat(row.get("commissionReversed").asLong()).isEqualTo(-100);
        assertThat(row.get("commissionNet").asLong()).isEqualTo(1_145);
        assertThat(row.get("pending").asLong()).isEqualTo(1_145);
        assertThat(row.get("settleable").asLong()).isZero();
        assertThat(report.get("totals").get("commissionNet").asLong()).isEqualTo(1_145);
        });

        Http.Response csv = http.get("/reports/stores.csv?period=2026-11");
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.raw().body()[0]).isEqualTo((byte) 0xEF);     // UTF-8 BOM
        assertThat(csv.body().substring(1).split("\r\n")).containsExactly(
                "store code,store name,dealer code,attributed orders,gross sales,refunds,net sales,"
                        + "commission accrued,commission reversed,commission net,pending,settleable,on statement,paid",
                "S-" + u + ",杭州西湖店,D-" + u + ",1,249.05,20.00,229.05,12.45,-1.00,11.45,11.45,0.00,0.00,0.00",
                "TOTAL,,,1,249.05,20.00,229.05,12.45,-1.00,11.45,11.45,0.00,0.00,0.00");

        // the dealer's row: the store's sales, its override entries; the staff member's row: the bonus entries
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        JsonNode dealers = http.get("/reports/dealers?period=2026-11").json();
        assertThat(dealers.get("rows")).hasSize(1);
        JsonNode dealerRow = dealers.get("rows").get(0);
        assertThat(dealerRow.get("code").asString()).isEqualTo("D-" + u);
        assertThat(dealerRow.get("name").asString()).isEqualTo("华东");
        assertThat(dealerRow.get("grossSales").asLong()).isEqualTo(24_905);
        assertThat(dealerRow.get("refunds").asLong()).isEqualTo(2_000);
        assertThat(dealerRow.get("commissionAccrued").asLong()).isEqualTo(498);
        assertThat(dealerRow.get("commissionReversed").asLong()).isEqualTo(-40);
        assertThat(dealerRow.get("commissionNet").asLong()).isEqualTo(458);
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        JsonNode staffReport = http.get("/reports/staff?period=2026-11&storeId=" + store).json();
        assertThat(staffReport.get("rowCount").asInt()).isEqualTo(1);
        JsonNode staffRow = staffReport.get("rows").get(0);
        assertThat(staffRow.get("code").asString()).isEqualTo(staff);
        assertThat(staffRow.get("name").asString()).isEqualTo("Li");
        assertThat(staffRow.get("storeCode").asString()).isEqualTo("S-" + u);
        assertThat(staffRow.get("dealerCode").asString()).isEqualTo("D-" + u);
        assertThat(staffRow.get("attributedOrders").asLong()).isEqualTo(1);
        assertThat(staffRow.get("commissionNet").asLong()).isEqualTo(229);
        });
        // filters: another dealer keeps nothing; the store filter does not apply to the dealer report
        assertThat(http.get("/reports/stores?period=2026-11&dealerId=d-other").json().get("rowCount").asInt()).isZero();
        assertThat(http.get("/reports/stores?period=2026-11&dealerId=" + dealer).json().get("rowCount").asInt())
                .isEqualTo(1);
        // a dealer's own row is read from the one document it lives in: the same row, with its name
        JsonNode ownRow = http.get("/reports/dealers?period=2026-11&dealerId=" + dealer).json();
        assertThat(ownRow.get("rowCount").asInt()).isEqualTo(1);
        assertThat(ownRow.get("rows").get(0).get("name").asString()).isEqualTo("华东");
        assertThat(ownRow.get("rows").get(0).get("commissionNet").asLong()).isEqualTo(458);
        assertThat(ownRow.get("totals").get("grossSales").asLong()).isEqualTo(24_905);
        assertThat(http.get("/reports/dealers?period=2026-11&dealerId=d-other").json().get("rowCount").asInt())
                .isZero();
        Http.Response noStoreFilter = http.get("/reports/dealers?period=2026-11&storeId=" + store);
        assertThat(noStoreFilter.status()).isEqualTo(400);
        assertThat(noStoreFilter.json().get("errors").get(0).get("field").asString()).isEqualTo("storeId");
        assertThat(http.get("/reports/regions?period=2026-11").status()).isEqualTo(404);
        assertThat(http.get("/reports/stores?period=2026-11&size=0").status()).isEqualTo(400);

        // the same staff report as XLSX: the header, the row in yuan, the totals row
        Http.Response xlsx = http.get("/reports/staff.xlsx?period=2026-11&storeId=" + store);
        assertThat(xlsx.header("Content-Type")).isEqualTo(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(
                xlsx.raw().body()))) {
            var sheet = book.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("staff id");
            assertThat(sheet.getRow(0).getCell(14).getStringCellValue()).isEqualTo("paid");
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo(staff);
            assertThat(sheet.getRow(1).getCell(1).getStringCellValue()).isEqualTo("Li");
            assertThat(sheet.getRow(1).getCell(4).getNumericCellValue()).isEqualTo(1.0);
            assertThat(java.math.BigDecimal.valueOf(sheet.getRow(1).getCell(5).getNumericCellValue()))
                    .isEqualByComparingTo("249.05");
            assertThat(java.math.BigDecimal.valueOf(sheet.getRow(1).getCell(10).getNumericCellValue()))
                    .isEqualByComparingTo("2.29");
            assertThat(sheet.getRow(2).getCell(0).getStringCellValue()).isEqualTo("TOTAL");
            assertThat(java.math.BigDecimal.valueOf(sheet.getRow(2).getCell(10).getNumericCellValue()))
                    .isEqualByComparingTo("2.29");
            assertThat(sheet.getLastRowNum()).isEqualTo(2);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        // the decision and each ledger entry were published once, with deterministic event ids
        assertThat(TopicProbe.await(Events.ORDER_ATTRIBUTED, (OrderAttributed e) -> e.orderId().equals(order), 1,
                Duration.ofSeconds(20))).singleElement().satisfies(e -> {
                    assertThat(e.key()).isEqualTo(customer);
                    assertThat(e.payload().creditedType()).isEqualTo("STORE");
                    assertThat(e.payload().policyVersion()).isEqualTo(1);
                });
        assertThat(TopicProbe.await(Events.COMMISSION_ENTRY_RECORDED, (CommissionEntryRecorded e) ->
                e.orderId().equals(order), 9, Duration.ofSeconds(20))).hasSize(9)
                .extracting(e -> e.envelope().eventId()).doesNotHaveDuplicates();

        // both copies of every event were handled, not dead-lettered
        Map<String, String> keys = Map.of(Topics.NETWORK, store, Topics.LINKS, code, Topics.PRESENCE, customer,
                Topics.ORDERS, customer);
        keys.forEach((topic, key) -> assertThat(TopicProbe.awaitRaw(Topics.deadLetter(topic,
                topic.equals(Topics.NETWORK) || topic.equals(Topics.LINKS) ? "attribution-service" : deadLetterGroup()),
                key, Duration.ofSeconds(1))).as("dead letters on " + topic).isEmpty());
    }

    @Test
    void a_payment_waits_for_a_link_not_consumed_yet_instead_of_crediting_hq() {
        Http http = Http.at(port).as(Tokens.hq());
        String u = UUID.randomUUID().toString().substring(0, 8);
        String store = "s-" + u, code = "Wt" + u + "xy", customer = "c-" + u, order = "o-" + u;
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        // both of this instance's readers of store-distribution's facts: the group's and its own memory's
        MessageListenerContainer referenceConsumer = listeners.getListenerContainer("attribution-reference");
        MessageListenerContainer memoryConsumer = listeners.getListenerContainer("attribution-reference-memory");
        referenceConsumer.stop();
        memoryConsumer.stop();
        try {
            TopicProbe.publish(Events.COMMISSION_PLAN_PUBLISHED, "1", "1", new CommissionPlanPublished(1,
                    Instant.parse("2020-01-01T00:00:00Z"), "CNY",
                    Map.of("*", new CommissionPlanPublished.Rates(500, 100, 200, 0)), at));
            TopicProbe.publish(Events.STORE_REGISTERED, store, store, new StoreRegistered(store, "W-" + u, "W", null, at, null, null, null));
            TopicProbe.publish(Events.LINK_ISSUED, code, code, new LinkIssued(code, "STORE", store, store, null, "r1",
                    null, "poster", at, null));
            TopicProbe.publish(Events.VIEWER_JOINED, customer, "sess1",
                    new ViewerJoined("sess1", "r1", customer, code, OCTOBER.minusSeconds(60)));
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/customers/" + customer + "/touches").json().size() == 1);
            TopicProbe.publish(Events.ORDER_PAID, customer, order, new OrderPaid(order, customer, "sess1", null, "p-" + u,
                    List.of(new OrderLine(1, "SKU-A", "apparel", 1, 10_000, 10_000)), 10_000, "CNY", OCTOBER, OCTOBER.plusSeconds(60)));
            // the link is on the broker but not yet in attribution's view: no decision is taken meanwhile
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                    http.get("/orders/" + order + "/attribution").status() == 404);
        } finally {
            memoryConsumer.start();
            referenceConsumer.start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(http.get("/orders/" + order + "/attribution").status()).isEqualTo(200));
        JsonNode d = http.get("/orders/" + order + "/attribution").json();
        assertThat(d.get("creditedType").asString()).isEqualTo("STORE");
        assertThat(d.get("storeId").asString()).isEqualTo(store);
        assertThat(http.get("/orders/" + order + "/ledger").json()).singleElement()
                .satisfies(e -> assertThat(e.get("amount").asLong()).isEqualTo(500));
    }

    @Test
    void a_store_renamed_or_moved_to_another_dealer_shows_its_new_state_in_the_report_and_on_the_decision() {
        Http http = Http.at(port).as(Tokens.hq());
        String u = UUID.randomUUID().toString().substring(0, 8);
        String store = "s-" + u, dealer = "d-" + u, code = "Rn" + u + "xy", customer = "c-" + u, order = "o-" + u;
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Instant september = Instant.parse("2026-09-10T04:00:00Z");
        TopicProbe.publish(Events.COMMISSION_PLAN_PUBLISHED, "1", "1", new CommissionPlanPublished(1,
                Instant.parse("2020-01-01T00:00:00Z"), "CNY",
                Map.of("*", new CommissionPlanPublished.Rates(500, 100, 200, 0)), at));
        TopicProbe.publish(Events.STORE_REGISTERED, store, store, new StoreRegistered(store, "R-" + u, "Old name", null,
                at, null, null, null));
        TopicProbe.publish(Events.DEALER_REGISTERED, dealer, dealer, new DealerRegistered(dealer, "RD-" + u, "New dealer", at));
        TopicProbe.publish(Events.LINK_ISSUED, code, code, new LinkIssued(code, "STORE", store, store, null, "r1",
                null, "poster", at, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> reference.store(store).isPresent()
                && reference.link(code).isPresent());
        // the move reaches the broker before the payment, but this instance reads it only after the payment arrived
        MessageListenerContainer memoryConsumer = listeners.getListenerContainer("attribution-reference-memory");
        memoryConsumer.stop();
        try {
            TopicProbe.publishTwice(Events.STORE_CHANGED, store, store, new StoreChanged(store, "R-" + u, "新名字", "杭州",
                    null, null, dealer, true, at.plusSeconds(60)));
            TopicProbe.publish(Events.ORDER_PLACED, customer, order, new OrderPlaced(order, "co-" + u, customer,
                    "sess1", code, List.of(new OrderLine(1, "SKU-A", "apparel", 1, 10_000, 10_000)), 10_000, "CNY",
                    september));
            TopicProbe.publish(Events.ORDER_PAID, customer, order, new OrderPaid(order, customer, "sess1", code,
                    "p-" + u, List.of(new OrderLine(1, "SKU-A", "apparel", 1, 10_000, 10_000)), 10_000, "CNY",
                    september, september.plusSeconds(30)));
            // the store this instance remembers has no dealer yet: no decision is taken from it
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                    http.get("/orders/" + order + "/attribution").status() == 404);
        } finally {
            memoryConsumer.start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode rows = http.get("/reports/stores?period=2026-09&storeId=" + store).json().get("rows");
            assertThat(rows).hasSize(1);
            JsonNode row = rows.get(0);
            assertThat(row.get("name").asString()).isEqualTo("新名字");
            assertThat(row.get("dealerCode").asString()).isEqualTo("RD-" + u);
            assertThat(row.get("commissionNet").asLong()).isEqualTo(500);
        });
        // the decision credits the store's dealer as it stood when the order was paid, so the dealer earns its override
        // (the decision and its entries reach the read model by another path than the report's rows: awaited too)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Http.Response decision = http.get("/orders/" + order + "/attribution");
            assertThat(decision.status()).isEqualTo(200);
            assertThat(decision.json().get("dealerId").asString()).isEqualTo(dealer);
            assertThat(http.get("/orders/" + order + "/ledger").json()).extracting(e -> e.get("role").asString() + ":"
                    + e.get("beneficiaryId").asString() + ":" + e.get("amount").asLong())
                    .containsExactlyInAnyOrder("TRAFFIC:" + store + ":500", "DEALER_OVERRIDE:" + dealer + ":200");
        });
    }

    @Test
    void an_order_without_a_ref_is_credited_to_hq_and_earns_nothing() {
        Http http = Http.at(port).as(Tokens.hq());
        String u = UUID.randomUUID().toString().substring(0, 8);
        String order = "o-" + u, customer = "c-" + u;
        List<OrderLine> lines = List.of(new OrderLine(1, "SKU-A", "apparel", 1, 9_900, 9_900));
        TopicProbe.publish(Events.ORDER_PAID, customer, order, new OrderPaid(order, customer, "sess1", null, "p-" + u,
                lines, 9_900, "CNY", PLACED, PAID));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/orders/" + order + "/attribution").status()).isEqualTo(200));
        JsonNode d = http.get("/orders/" + order + "/attribution").json();
        assertThat(d.get("creditedType").asString()).isEqualTo("HQ");
        assertThat(d.get("reason").asString()).isEqualTo("no qualifying touch: credited to HQ");
        assertThat(http.get("/orders/" + order + "/ledger").json()).isEmpty();
    }

    @Test
    void a_poison_record_goes_to_the_dead_letter_topic_and_the_consumer_carries_on() {
        Http http = Http.at(port).as(Tokens.hq());
        String u = UUID.randomUUID().toString().substring(0, 8);
        EventEnvelope poison = EventEnvelope.create(Events.ORDER_PAID, "o-bad-" + u, "test", Instant.now(), null, null);
        TopicProbe.publish(Topics.ORDERS, "c-bad-" + u, poison, "{not json".getBytes(StandardCharsets.UTF_8));
        String order = "o-" + u, customer = "c-" + u;
        TopicProbe.publish(Events.ORDER_PAID, customer, order, new OrderPaid(order, customer, "sess1", null, "p-" + u,
                List.of(new OrderLine(1, "SKU-A", "apparel", 1, 100, 100)), 100, "CNY", PLACED, PAID));

        var dead = TopicProbe.awaitRaw(Topics.deadLetter(Topics.ORDERS, deadLetterGroup()), "c-bad-" + u,
                Duration.ofSeconds(30));
        assertThat(dead).singleElement().satisfies(r ->
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{not json"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/orders/" + order + "/attribution").status()).isEqualTo(200));
    }

    /** The presence listener takes a batch: the joins on either side of an unreadable record are both recorded. */
    @Test
    void a_poison_presence_record_is_dead_lettered_and_the_joins_around_it_are_recorded() {
        Http http = Http.at(port).as(Tokens.hq());
        String u = UUID.randomUUID().toString().substring(0, 8);
        String before = "c-pb-" + u, after = "c-pa-" + u, bad = "c-px-" + u, code = "Pz" + u + "xy";
        TopicProbe.publish(Events.VIEWER_JOINED, before, "sess1", new ViewerJoined("sess1", "r1", before, code,
                PLACED.minusSeconds(60)));
        TopicProbe.publish(Topics.PRESENCE, bad, EventEnvelope.create(Events.VIEWER_JOINED, "sess1", "test",
                Instant.now(), null, null), "{not json".getBytes(StandardCharsets.UTF_8));
        TopicProbe.publish(Events.VIEWER_JOINED, after, "sess1", new ViewerJoined("sess1", "r1", after, code,
                PLACED.minusSeconds(30)));

        assertThat(TopicProbe.awaitRaw(Topics.deadLetter(Topics.PRESENCE, deadLetterGroup()), bad,
                Duration.ofSeconds(30))).singleElement().satisfies(r ->
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{not json"));
        for (String customer : List.of(before, after)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.get("/customers/" + customer
                    + "/touches").json()).singleElement().satisfies(t -> {
                        assertThat(t.get("code").asString()).isEqualTo(code);
                        assertThat(t.get("kind").asString()).isEqualTo("JOIN");
                    }));
        }
    }

    /** A payment that cannot be decided (no lines) is dead-lettered alone; the one before it is decided. */
    @Test
    void a_payment_that_fails_is_dead_lettered_alone_not_the_payments_before_it() {
        Http http = Http.at(port).as(Tokens.hq());
        String u = UUID.randomUUID().toString().substring(0, 8);
        String customer = "c-two-" + u, good = "o-good-" + u, bad = "o-bad-" + u;
        TopicProbe.publish(Events.ORDER_PAID, customer, good, new OrderPaid(good, customer, "sess1", null, "p-" + good,
                List.of(new OrderLine(1, "SKU-A", "apparel", 1, 100, 100)), 100, "CNY", PLACED, PAID));
        TopicProbe.publish(Events.ORDER_PAID, customer, bad, new OrderPaid(bad, customer, "sess1", null, "p-" + bad,
                null, 100, "CNY", PLACED, PAID));

        var dead = TopicProbe.awaitRaw(Topics.deadLetter(Topics.ORDERS, deadLetterGroup()), customer,
                Duration.ofSeconds(40));
        assertThat(dead).singleElement().satisfies(r ->
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains(bad));
        assertThat(http.get("/orders/" + good + "/attribution").status()).isEqualTo(200);
        assertThat(http.get("/orders/" + bad + "/attribution").status()).isEqualTo(404);
    }

    @Test
    void a_reservation_through_a_link_is_a_reserve_touch_recorded_once() {
        Http http = Http.at(port).as(Tokens.hq());
        String u = UUID.randomUUID().toString().substring(0, 8);
        String store = "s-" + u, code = "Rv" + u + "xy", customer = "c-" + u;
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        TopicProbe.publish(Events.STORE_REGISTERED, store, store, new StoreRegistered(store, "V-" + u, "V", null, at,
                null, null, null));
        TopicProbe.publish(Events.LINK_ISSUED, code, code, new LinkIssued(code, "STORE", store, store, null, "r1",
                null, "moments", at, null));
        Instant reservedAt = Instant.parse("2026-11-18T09:30:00Z");
        TopicProbe.publishTwice(Events.VIEWER_RESERVED, customer, "sess9",
                new ViewerReserved("sess9", "r1", customer, code, reservedAt));
        TopicProbe.publish(Events.VIEWER_RESERVED, "c-noref-" + u, "sess9",
                new ViewerReserved("sess9", "r1", "c-noref-" + u, null, reservedAt));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.get("/customers/" + customer
                + "/touches").json()).singleElement().satisfies(t -> {
                    assertThat(t.get("kind").asString()).isEqualTo("RESERVE");
                    assertThat(t.get("code").asString()).isEqualTo(code);
                    assertThat(t.get("at").asString()).isEqualTo("2026-11-18T09:30:00Z");
                    assertThat(t.get("storeId").asString()).isEqualTo(store);
                }));
        assertThat(http.get("/customers/c-noref-" + u + "/touches").json()).isEmpty();
    }

    @Test
    void each_store_sees_why_an_order_was_or_was_not_theirs_and_hq_can_adjust_the_decision_once() {
        Http http = Http.at(port).as(Tokens.of("HQ", null, "hq-ops@brand"));
        String u = UUID.randomUUID().toString().substring(0, 8);
        String storeA = "sa-" + u, storeB = "sb-" + u, codeA = "Xa" + u + "xy", codeB = "Xb" + u + "xy";
        String customer = "c-" + u, order = "o-" + u, session = "as-" + u;
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Instant placed = Instant.parse("2026-08-08T04:00:00Z");
        TopicProbe.publish(Events.COMMISSION_PLAN_PUBLISHED, "1", "1", new CommissionPlanPublished(1,
                Instant.parse("2020-01-01T00:00:00Z"), "CNY",
                Map.of("*", new CommissionPlanPublished.Rates(500, 100, 200, 0)), at));
        for (String[] s : List.of(new String[]{storeA, codeA, "A"}, new String[]{storeB, codeB, "B"})) {
            TopicProbe.publish(Events.STORE_REGISTERED, s[0], s[0], new StoreRegistered(s[0], s[2] + "-" + u, s[2],
                    null, at, null, null, null));
            TopicProbe.publish(Events.LINK_ISSUED, s[1], s[1], new LinkIssued(s[1], "STORE", s[0], s[0], null, "r1",
                    null, "wechat-group", at, null));
        }
        TopicProbe.publish(Events.VIEWER_JOINED, customer, session, new ViewerJoined(session, "r1", customer, codeA,
                placed.minusSeconds(7200)));
        TopicProbe.publish(Events.VIEWER_JOINED, customer, session, new ViewerJoined(session, "r1", customer, codeB,
                placed.minusSeconds(3600)));
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/customers/" + customer + "/touches").json()
                .size() == 2);
        List<OrderLine> lines = List.of(new OrderLine(1, "SKU-A", "apparel", 1, 10_000, 10_000));
        TopicProbe.publish(Events.ORDER_PAID, customer, order, new OrderPaid(order, customer, session, null, "p-" + u,
                lines, 10_000, "CNY", placed, placed.plusSeconds(60)));
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/orders/" + order + "/ledger").json().size() == 1);

        // the paid order counts on its session's board for the store credited
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(paidOnBoard(http, session))
                .containsExactlyInAnyOrder("A-" + u + " 0 0", "B-" + u + " 1 10000"));
        JsonNode forA = http.get("/stores/" + storeA + "/orders/" + order + "/attribution").json();
        assertThat(forA.get("credited").asBoolean()).isFalse();
        assertThat(forA.get("why").asString()).isEqualTo("Not yours: another promoter's touch at "
                + placed.minusSeconds(3600) + " came after yours (the latest qualifying touch wins).");
        assertThat(forA.get("timeline")).extracting(t -> t.get("yours").asBoolean() + " " + (t.get("code").isNull() ? "hidden" : t.get("code").asString())
                + " " + t.get("winning").asBoolean()).containsExactly("true " + codeA + " false", "false hidden true");
        JsonNode forB = http.get("/stores/" + storeB + "/orders/" + order + "/attribution").json();
        assertThat(forB.get("credited").asBoolean()).isTrue();
        assertThat(forB.get("why").asString()).isEqualTo("Credited to your store: latest qualifying touch: store link "
                + codeB);

        // HQ credits store A instead: version 2, with who, why and the decision it replaced; B's 500 moves to A
        Map<String, Object> adjust = new java.util.HashMap<>(Map.of("adjustmentId", "adj-" + u, "basedOnVersion", 1,
                "creditedType", "STORE", "storeId", storeA,
                "reason", "store A ran the live event"));
        Http.Response adjusted = http.post("/orders/" + order + "/attribution/adjustments", adjust);
        assertThat(adjusted.status()).isEqualTo(200);
        JsonNode v2 = adjusted.json();
        assertThat(v2.get("decisionVersion").asInt()).isEqualTo(2);
        assertThat(v2.get("storeId").asString()).isEqualTo(storeA);
        assertThat(v2.get("reason").asString()).isEqualTo("adjusted by hq-ops@brand: store A ran the live event");
        JsonNode record = v2.get("adjustments").get(0);
        assertThat(record.get("previous").get("version").asInt()).isEqualTo(1);
        assertThat(record.get("previous").get("storeId").asString()).isEqualTo(storeB);
        assertThat(record.get("adjustedBy").asString()).isEqualTo("hq-ops@brand");
        Map<String, Long> amounts = new java.util.TreeMap<>();
        http.get("/orders/" + order + "/ledger").json().forEach(e -> amounts.put(e.get("id").asString() + " "
                + e.get("kind").asString(), e.get("amount").asLong()));
        assertThat(amounts).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                order + ":1:TRAFFIC:0 ACCRUAL", 500L,
                order + ":1:TRAFFIC:a2:STORE:" + storeA + " ADJUSTMENT", 500L,
                order + ":1:TRAFFIC:a2:STORE:" + storeB + " ADJUSTMENT", -500L)));
        // and moves on the board to the store now credited
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(paidOnBoard(http, session))
                .containsExactlyInAnyOrder("A-" + u + " 1 10000", "B-" + u + " 0 0"));
        // the same adjustment again changes nothing; another one based on version 1 is stale; bad input is named
        assertThat(http.post("/orders/" + order + "/attribution/adjustments", adjust).json().get("decisionVersion")
                .asInt()).isEqualTo(2);
        // the same adjustment id with another credit is not a retry: refused, nothing written
        Map<String, Object> reused = new java.util.HashMap<>(adjust);
        reused.put("storeId", storeB);
        Http.Response clash = http.post("/orders/" + order + "/attribution/adjustments", reused);
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.json().get("errors").get(0).get("field").asString()).isEqualTo("adjustmentId");
        assertThat(clash.json().get("errors").get(0).get("message").asString()).isEqualTo("adjustment adj-" + u
                + " of order " + order + " was recorded with another credit (STORE " + storeA
                + "): use a new adjustmentId");
        adjust.put("adjustmentId", "adj2-" + u);
        Http.Response stale = http.post("/orders/" + order + "/attribution/adjustments", adjust);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("errors").get(0).get("field").asString()).isEqualTo("basedOnVersion");
        adjust.put("basedOnVersion", 2);
        adjust.put("storeId", "no-such-store");
        Http.Response unknown = http.post("/orders/" + order + "/attribution/adjustments", adjust);
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("storeId");
        // a field the credit's type does not take is named, not ignored
        adjust.put("storeId", storeA);
        for (Map.Entry<String, String> stray : List.of(Map.entry("HQ", "storeId"), Map.entry("STORE", "dealerId"),
                Map.entry("DEALER", "storeId"))) {
            Map<String, Object> odd = new java.util.HashMap<>(adjust);
            odd.put("creditedType", stray.getKey());
            odd.put("dealerId", "d-" + u);
            Http.Response refused = http.post("/orders/" + order + "/attribution/adjustments", odd);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo(stray.getValue());
        }
        assertThat(http.get("/orders/" + order + "/ledger").json()).hasSize(3);
        // each store reads why once, without who at HQ; B's own touch, which won version 1, is no longer the winner
        JsonNode nowA = http.get("/stores/" + storeA + "/orders/" + order + "/attribution").json();
        assertThat(nowA.get("why").asString())
                .isEqualTo("HQ adjusted the decision (version 2): store A ran the live event. Credited to your store.");
        JsonNode nowB = http.get("/stores/" + storeB + "/orders/" + order + "/attribution").json();
        assertThat(nowB.get("credited").asBoolean()).isFalse();
        assertThat(nowB.get("why").asString()).isEqualTo("HQ adjusted the decision (version 2): store A ran the live "
                + "event. Not yours: HQ credited it to another promoter.");
        assertThat(nowB.get("timeline")).extracting(t -> t.get("yours").asBoolean() + " " + t.get("winning")
                .asBoolean()).containsExactly("false false", "true false");
        // sales follow the decision in force; each entry stays in its own period: the accrual in August, the
        // adjustment in the month it was made
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode august = http.get("/reports/stores?period=2026-08").json();
            assertThat(august.get("rows")).extracting(r -> r.get("code").asString() + " " + r.get("attributedOrders")
                    .asLong() + " " + r.get("commissionNet").asLong()).contains("A-" + u + " 1 0", "B-" + u + " 0 500");
            String thisMonth = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
            JsonNode now = http.get("/reports/stores?period=" + thisMonth).json();
            assertThat(now.get("rows")).extracting(r -> r.get("code").asString() + " " + r.get("commissionAccrued")
                    .asLong() + " " + r.get("commissionReversed").asLong()).contains("A-" + u + " 500 0",
                    "B-" + u + " 0 -500");
        });
        assertThat(TopicProbe.await(Events.ORDER_ATTRIBUTED, (OrderAttributed e) -> e.orderId().equals(order), 2,
                Duration.ofSeconds(20))).extracting(e -> e.envelope().eventId() + " " + e.payload().storeId())
                .containsExactlyInAnyOrder("attributed:" + order + ":1 " + storeB, "attributed:" + order + ":2 " + storeA);
    }

    /** Each store on a session's board: {@code code paidOrders paidGmv}. */
    private static List<String> paidOnBoard(Http http, String session) {
        List<String> out = new java.util.ArrayList<>();
        http.get("/sessions/" + session + "/leaderboard").json().get("rows").forEach(r -> out.add(
                r.get("storeCode").asString() + " " + r.get("paidOrders").asLong() + " " + r.get("paidGmv").asLong()));
        return out;
    }

    @Test
    void the_live_leaderboard_counts_each_store_once_per_fact_and_streams_its_changes() throws Exception {
        Http http = Http.at(port).as(Tokens.hq());
        String u = UUID.randomUUID().toString().substring(0, 8);
        String room = "lr-" + u, session = "ls-" + u, storeA = "la-" + u, storeB = "lb-" + u, staffB = "lst-" + u;
        String codeA = "Ya" + u + "xy", codeB = "Yb" + u + "xy", codeD = "Yd" + u + "xy", late = "Yl" + u + "xy";
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Instant live = Instant.parse("2026-06-25T12:00:00Z");     // a month no other test reports on
        TopicProbe.publish(Events.COMMISSION_PLAN_PUBLISHED, "1", "1", new CommissionPlanPublished(1,
                Instant.parse("2020-01-01T00:00:00Z"), "CNY",
                Map.of("*", new CommissionPlanPublished.Rates(500, 100, 200, 0)), at));
        TopicProbe.publish(Events.STORE_REGISTERED, storeA, storeA, new StoreRegistered(storeA, "LA-" + u, "西湖店", null,
                at, null, null, null));
        TopicProbe.publish(Events.STORE_REGISTERED, storeB, storeB, new StoreRegistered(storeB, "LB-" + u, "南京路店", null,
                at, null, null, null));
        TopicProbe.publish(Events.STAFF_REGISTERED, staffB, staffB, new StaffRegistered(staffB, storeB, "Wang", null, at));
        // A's link is for this session; B's staff link is for the whole room; a dealer's link counts for no store
        TopicProbe.publish(Events.LINK_ISSUED, codeA, codeA, new LinkIssued(codeA, "STORE", storeA, storeA, null, room,
                session, "poster", at, null));
        TopicProbe.publish(Events.LINK_ISSUED, codeB, codeB, new LinkIssued(codeB, "STAFF", staffB, storeB, null, room,
                null, "wechat-group", at, null));
        TopicProbe.publish(Events.LINK_ISSUED, codeD, codeD, new LinkIssued(codeD, "DEALER", "d-" + u, null, "d-" + u,
                room, null, "moments", at, null));
        TopicProbe.publish(Events.SESSION_SCHEDULED, room, session, new SessionScheduled(session, room, "Live", live));
        TopicProbe.publish(Events.SESSION_STARTED, room, session, new SessionStarted(session, room, live));
        TopicProbe.publish(Events.PRODUCT_PINNED, room, session, new ProductPinned(session, room, "SKU-P1", live));
        TopicProbe.publishTwice(Events.LINK_CLICKED, codeA, codeA, new LinkClicked("k1-" + u, codeA, "v1", "ua", "h",
                live));
        TopicProbe.publish(Events.LINK_CLICKED, codeA, codeA, new LinkClicked("k2-" + u, codeA, "v2", "ua", "h", live));
        TopicProbe.publish(Events.LINK_CLICKED, codeB, codeB, new LinkClicked("k3-" + u, codeB, "v3", "ua", "h", live));
        TopicProbe.publish(Events.LINK_CLICKED, codeD, codeD, new LinkClicked("k4-" + u, codeD, "v4", "ua", "h", live));
        String c1 = "c1-" + u, c2 = "c2-" + u, c3 = "c3-" + u, c4 = "c4-" + u, order = "o-" + u;
        TopicProbe.publish(Events.VIEWER_RESERVED, c1, session, new ViewerReserved(session, room, c1, codeA,
                live.minusSeconds(3600)));
        TopicProbe.publish(Events.VIEWER_JOINED, c1, session, new ViewerJoined(session, room, c1, codeA, live));
        TopicProbe.publish(Events.VIEWER_JOINED, c1, session, new ViewerJoined(session, room, c1, codeA,
                live.plusSeconds(60)));
        TopicProbe.publish(Events.VIEWER_JOINED, c3, session, new ViewerJoined(session, room, c3, codeA, live));
        TopicProbe.publish(Events.VIEWER_JOINED, c2, session, new ViewerJoined(session, room, c2, codeB, live));
        // a join through a link whose LinkIssued comes after it: counted once the link is known
        TopicProbe.publish(Events.VIEWER_JOINED, c4, session, new ViewerJoined(session, room, c4, late, live));
        TopicProbe.publish(Events.LINK_ISSUED, late, late, new LinkIssued(late, "STORE", storeB, storeB, null, room,
                null, "poster", at, null));
        List<OrderLine> lines = List.of(new OrderLine(1, "SKU-A", "apparel", 1, 10_000, 10_000));
        TopicProbe.publishTwice(Events.ORDER_PLACED, c1, order, new OrderPlaced(order, "co-" + u, c1, session, codeA,
                lines, 10_000, "CNY", live.plusSeconds(120)));
        TopicProbe.publishTwice(Events.ORDER_PAID, c1, order, new OrderPaid(order, c1, session, codeA, "p-" + u, lines,
                10_000, "CNY", live.plusSeconds(120), live.plusSeconds(150)));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode rows = http.get("/sessions/" + session + "/leaderboard").json().get("rows");
            assertThat(rows).extracting(r -> r.get("rank").asInt() + " " + r.get("storeCode").asString() + " "
                    + r.get("clicks").asLong() + " " + r.get("uniqueViewers").asLong() + " "
                    + r.get("reservations").asLong() + " " + r.get("orders").asLong() + " "
                    + r.get("paidOrders").asLong() + " " + r.get("paidGmv").asLong() + " "
                    + r.get("conversion").asDouble())
                    .containsExactly("1 LA-" + u + " 2 2 1 1 1 10000 0.5", "2 LB-" + u + " 1 2 0 0 0 0 0.0");
        });
        assertThat(http.get("/sessions/" + session + "/leaderboard").json().get("rows").get(0).get("storeName")
                .asString()).isEqualTo("西湖店");

        // the live stream: the whole board at once, then again when a viewer arrives through B's link
        java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + port + "/sessions/" + session + "/leaderboard/stream"))
                        .header("Authorization", "Bearer " + Tokens.hq()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> r.body().filter(l -> l.startsWith("data:")).forEach(events::add));
        String first = events.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(first).contains("\"storeCode\":\"LB-" + u + "\"", "\"uniqueViewers\":2");
        TopicProbe.publish(Events.VIEWER_JOINED, "c5-" + u, session, new ViewerJoined(session, room, "c5-" + u, codeB,
                live.plusSeconds(300)));
        String next = null;
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            String e = events.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (e != null && e.contains("\"storeCode\":\"LB-" + u + "\",\"storeName\":\"南京路店\",\"clicks\":1,"
                    + "\"uniqueViewers\":3")) {
                next = e;
                break;
            }
        }
        assertThat(next).as("a pushed board with B's third viewer").isNotNull();
        response.cancel(true);
        client.shutdownNow();

        // the review: before the end there are no follow-up lists; after it, each store's viewers who did not buy
        Http.Response early = http.get("/sessions/" + session + "/stores/" + storeA + "/follow-ups");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("errors").get(0).get("field").asString()).isEqualTo("sessionId");
        TopicProbe.publish(Events.PRODUCT_PINNED, room, session, new ProductPinned(session, room, "SKU-P2",
                live.plusSeconds(200)));
        // c2, B's viewer, buys through the dealer's link: credited to the dealer, no store, yet sold in SKU-P2's
        // segment, and off B's follow-up list
        String dealerOrder = "od-" + u;
        List<OrderLine> dealerLines = List.of(new OrderLine(1, "SKU-A", "apparel", 1, 5_000, 5_000));
        TopicProbe.publish(Events.ORDER_PLACED, c2, dealerOrder, new OrderPlaced(dealerOrder, "cod-" + u, c2, session,
                codeD, dealerLines, 5_000, "CNY", live.plusSeconds(250)));
        TopicProbe.publish(Events.ORDER_PAID, c2, dealerOrder, new OrderPaid(dealerOrder, c2, session, codeD, "pd-" + u,
                dealerLines, 5_000, "CNY", live.plusSeconds(250), live.plusSeconds(260)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Http.Response decided = http.get("/orders/" + dealerOrder + "/attribution");
            assertThat(decided.status()).isEqualTo(200);
            assertThat(decided.json().get("creditedType").asString()).isEqualTo("DEALER");
        });
        TopicProbe.publish(Events.SESSION_ENDED, room, session, new SessionEnded(session, room, live.plusSeconds(400)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode review = http.get("/sessions/" + session + "/review").json();
            assertThat(review.get("endedAt").asString()).isEqualTo(live.plusSeconds(400).toString());
            assertThat(review.get("stores")).extracting(r -> r.get("storeCode").asString() + " "
                    + r.get("uniqueViewers").asLong() + " " + r.get("paidOrders").asLong())
                    .containsExactly("LA-" + u + " 2 1", "LB-" + u + " 3 0");
            assertThat(review.get("staff")).extracting(r -> r.get("staffId").asString() + " "
                    + r.get("staffName").asString() + " " + r.get("storeCode").asString() + " " + r.get("clicks").asLong()
                    + " " + r.get("uniqueViewers").asLong()).containsExactly(staffB + " Wang LB-" + u + " 1 2");
            assertThat(review.get("segments")).extracting(x -> x.get("sku").asString() + " " + x.get("from").asString()
                    + " " + x.get("to").asString() + " " + x.get("paidOrders").asLong() + " " + x.get("paidGmv").asLong())
                    .containsExactly("SKU-P1 " + live + " " + live.plusSeconds(200) + " 1 10000",
                            "SKU-P2 " + live.plusSeconds(200) + " " + live.plusSeconds(400) + " 1 5000");
            // every paid order of the session was placed while a product was pinned
            assertThat(review.get("unpinned").get("paidOrders").asLong()).isZero();
            assertThat(review.get("unpinned").get("paidGmv").asLong()).isZero();
            assertThat(http.get("/sessions/" + session + "/stores/" + storeA + "/follow-ups").json().get("customers"))
                    .extracting(JsonNode::asString).containsExactly(c3);
            assertThat(http.get("/sessions/" + session + "/stores/" + storeB + "/follow-ups").json().get("customers"))
                    .extracting(JsonNode::asString).containsExactly(c4, "c5-" + u);
        });
    }

    @Test
    void every_endpoint_is_described_in_openapi() {
        JsonNode api = Http.at(port).get("/v3/api-docs").json();
        assertThat(api.get("openapi").asString()).startsWith("3.");
        for (String path : new String[]{"/orders/{orderId}/attribution", "/orders/{orderId}/attribution/adjustments",
                "/orders/{orderId}/ledger", "/customers/{customerId}/touches",
                "/stores/{storeId}/orders/{orderId}/attribution", "/attribution/policy", "/attribution/policy/versions",
                "/attribution/policy/versions/{version}", "/reports/{party}", "/reports/{party}.csv",
                "/reports/{party}.xlsx", "/settlement/periods/{period}/close", "/settlement/periods/{period}",
                "/statements", "/statements/{period}/{type}/{beneficiaryId}",
                "/statements/{period}/{type}/{beneficiaryId}/document",
                "/statements/{period}/{type}/{beneficiaryId}/payouts", "/sessions/{sessionId}/leaderboard",
                "/sessions/{sessionId}/leaderboard/stream", "/sessions/{sessionId}/review",
                "/sessions/{sessionId}/stores/{storeId}/follow-ups"}) {
            assertThat(api.get("paths").has(path)).as(path).isTrue();
        }
        assertThat(api.get("paths").get("/attribution/policy").has("put")).isTrue();
        // every operation takes the bearer token; the caller it names is no parameter of its own
        assertThat(api.get("components").get("securitySchemes").get("bearer").get("scheme").asString())
                .isEqualTo("bearer");
        assertThat(api.get("security").get(0).has("bearer")).isTrue();
        assertThat(api.get("paths").get("/reports/{party}").get("get").get("parameters"))
                .extracting(p -> p.get("name").asString())
                .containsExactly("party", "period", "dealerId", "storeId", "staffId", "page", "size");
    }

    /** The codes of a report's rows as {@code who} reads it, or its status and the field it names when refused. */
    private String rowsAs(String token, String path) {
        Http.Response r = Http.at(port).as(token).get(path);
        if (r.status() != 200) {
            return r.status() + " " + r.json().get("errors").get(0).get("field").asString();
        }
        List<String> codes = new java.util.ArrayList<>();
        r.json().get("rows").forEach(row -> codes.add(row.get("code").asString()));
        return String.join(",", codes);
    }

    @Test
    void each_caller_sees_only_its_own_stores_money_and_lines() throws Exception {
        Http hq = Http.at(port).as(Tokens.hq());
        String u = UUID.randomUUID().toString().substring(0, 8);
        String dA = "ad-" + u, dB = "bd-" + u, sA1 = "a1-" + u, sA2 = "a2-" + u, sB = "b1-" + u, staff = "as-" + u;
        String room = "ar-" + u, session = "ase-" + u;
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Instant live = Instant.parse("2026-03-10T12:00:00Z");     // a month no other test reports on
        TopicProbe.publish(Events.COMMISSION_PLAN_PUBLISHED, "1", "1", new CommissionPlanPublished(1,
                Instant.parse("2020-01-01T00:00:00Z"), "CNY",
                Map.of("*", new CommissionPlanPublished.Rates(500, 100, 200, 0)), at));
        TopicProbe.publish(Events.DEALER_REGISTERED, dA, dA, new DealerRegistered(dA, "AD-" + u, "华东", at));
        TopicProbe.publish(Events.DEALER_REGISTERED, dB, dB, new DealerRegistered(dB, "BD-" + u, "华南", at));
        Map<String, String> dealerOf = Map.of(sA1, dA, sA2, dA, sB, dB);
        for (String st : List.of(sA1, sA2, sB)) {
            TopicProbe.publish(Events.STORE_REGISTERED, st, st, new StoreRegistered(st, st.toUpperCase(), "店 " + st,
                    dealerOf.get(st), at, null, null, null));
        }
        TopicProbe.publish(Events.STAFF_REGISTERED, staff, staff, new StaffRegistered(staff, sA1, "Zhao", null, at));
        TopicProbe.publish(Events.SESSION_SCHEDULED, room, session, new SessionScheduled(session, room, "Live", live));
        TopicProbe.publish(Events.SESSION_STARTED, room, session, new SessionStarted(session, room, live));
        // one paid order each: through A1's staff member's link, A2's link and B's link
        Map<String, String> orderOf = new java.util.LinkedHashMap<>();
        for (String st : List.of(sA1, sA2, sB)) {
            String code = "Ac" + st.replace("-", "") + "x", customer = "c-" + st, order = "o-" + st;
            boolean viaStaff = st.equals(sA1);
            TopicProbe.publish(Events.LINK_ISSUED, code, code, new LinkIssued(code, viaStaff ? "STAFF" : "STORE",
                    viaStaff ? staff : st, st, dealerOf.get(st), room, null, "poster", at, null));
            TopicProbe.publish(Events.VIEWER_JOINED, customer, session, new ViewerJoined(session, room, customer, code,
                    live));
            List<OrderLine> lines = List.of(new OrderLine(1, "SKU-A", "apparel", 1, 10_000, 10_000));
            TopicProbe.publish(Events.ORDER_PLACED, customer, order, new OrderPlaced(order, "co-" + st, customer,
                    session, code, lines, 10_000, "CNY", live.plusSeconds(60)));
            TopicProbe.publish(Events.ORDER_PAID, customer, order, new OrderPaid(order, customer, session, code,
                    "p-" + st, lines, 10_000, "CNY", live.plusSeconds(60), live.plusSeconds(90)));
            orderOf.put(st, order);
        }
        String stores = "/reports/stores?period=2026-03";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(rowsAs(Tokens.hq(), stores)).isEqualTo(String.join(",", sA1.toUpperCase(), sA2.toUpperCase(),
                    sB.toUpperCase()));
            assertThat(rowsAs(Tokens.hq(), "/reports/staff?period=2026-03")).contains(staff);
            assertThat(rowsAs(Tokens.hq(), "/reports/dealers?period=2026-03")).contains("AD-" + u, "BD-" + u);
            assertThat(hq.get("/sessions/" + session + "/leaderboard").json().get("rows")).hasSize(3);
        });

        // no token, a token from another issuer, a token naming no known role: 401, naming Authorization
        Http.Response none = Http.at(port).get(stores);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(none.json().get("errors").get(0).get("field").asString()).isEqualTo("Authorization");
        String forged = io.storecast.platform.infra.LocalIdentity.ephemeral().token("HQ", null, "x",
                Duration.ofMinutes(5));
        assertThat(Http.at(port).as(forged).get(stores).status()).isEqualTo(401);
        Http.Response cashier = Http.at(port).as(Tokens.of("CASHIER", sA1)).get(stores);
        assertThat(cashier.status()).isEqualTo(401);
        assertThat(cashier.json().get("detail").asString()).contains("'CASHIER' is none of");
        assertThat(Http.at(port).get("/actuator/health").status()).isEqualTo(200);
        // what another instance asks for: with the instances' secret, every line; without it, nothing
        String internal = "/internal/leaderboard/sessions/" + session + "/stores";
        assertThat(Http.at(port).send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + port + internal)).header("X-Storecast-Peer", "peer-of-this-test")).json())
                .hasSize(3);
        assertThat(Http.at(port).get(internal).status()).isEqualTo(403);
        assertThat(Http.at(port).send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + port + internal)).header("X-Storecast-Peer", "a-guess")).status()).isEqualTo(403);
        assertThat(Http.at(port).as(Tokens.store(sB)).get(internal).status()).isEqualTo(403);

        // reports: a store its own row and its staff's; a dealer its stores' and its own; staff their own row
        assertThat(rowsAs(Tokens.store(sA1), stores)).isEqualTo(sA1.toUpperCase());
        assertThat(rowsAs(Tokens.store(sA1), stores + "&storeId=" + sB)).isEqualTo("403 storeId");
        assertThat(rowsAs(Tokens.store(sA1), "/reports/staff?period=2026-03")).isEqualTo(staff);
        assertThat(rowsAs(Tokens.store(sB), "/reports/staff?period=2026-03")).isEmpty();
        assertThat(rowsAs(Tokens.store(sA1), "/reports/dealers?period=2026-03")).isEqualTo("403 party");
        assertThat(rowsAs(Tokens.dealer(dA), stores)).isEqualTo(sA1.toUpperCase() + "," + sA2.toUpperCase());
        // the totals are of the rows the caller sees: A1's and A2's orders, each store's 5 % traffic share
        JsonNode dealersTotals = Http.at(port).as(Tokens.dealer(dA)).get(stores).json().get("totals");
        assertThat(dealersTotals.get("attributedOrders").asLong()).isEqualTo(2);
        assertThat(dealersTotals.get("grossSales").asLong()).isEqualTo(20_000);
        assertThat(dealersTotals.get("commissionNet").asLong()).isEqualTo(1_000);
        assertThat(rowsAs(Tokens.dealer(dA), stores + "&dealerId=" + dB)).isEqualTo("403 dealerId");
        assertThat(rowsAs(Tokens.dealer(dA), "/reports/dealers?period=2026-03")).isEqualTo("AD-" + u);
        assertThat(rowsAs(Tokens.staff(staff), "/reports/staff?period=2026-03")).isEqualTo(staff);
        assertThat(rowsAs(Tokens.staff(staff), stores)).isEqualTo("403 party");
        Http.Response csv = Http.at(port).as(Tokens.store(sB)).get("/reports/stores.csv?period=2026-03");
        assertThat(csv.body().substring(1).split("\r\n")).hasSize(3)
                .anySatisfy(line -> assertThat(line).startsWith(sB.toUpperCase() + ",店 " + sB + ",BD-" + u + ",1,"))
                .noneSatisfy(line -> assertThat(line).startsWith(sA1.toUpperCase()));

        // an order's explanation for its store, the store's staff and dealer; not for another store
        String explain = "/stores/" + sA1 + "/orders/" + orderOf.get(sA1) + "/attribution";
        for (String token : List.of(Tokens.store(sA1), Tokens.staff(staff), Tokens.dealer(dA))) {
            assertThat(Http.at(port).as(token).get(explain).json().get("credited").asBoolean()).isTrue();
        }
        Http.Response other = Http.at(port).as(Tokens.store(sB)).get(explain);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().get("errors").get(0).get("field").asString()).isEqualTo("storeId");
        assertThat(Http.at(port).as(Tokens.dealer(dB)).get(explain).status()).isEqualTo(403);
        // nor, through its own path, another store's order: none of its business, not even that it exists
        Http.Response notItsOrder = Http.at(port).as(Tokens.store(sB)).get("/stores/" + sB + "/orders/"
                + orderOf.get(sA2) + "/attribution");
        assertThat(notItsOrder.status()).isEqualTo(404);
        assertThat(notItsOrder.json().get("detail").asString()).isEqualTo("order of store " + sB + " "
                + orderOf.get(sA2) + " not found");

        // HQ's and finance's own: the full decision, the policy change, the adjustment, the close
        assertThat(Http.at(port).as(Tokens.store(sA1)).get("/orders/" + orderOf.get(sA1) + "/attribution")
                .status()).isEqualTo(403);
        assertThat(Http.at(port).as(Tokens.finance()).get("/orders/" + orderOf.get(sA1) + "/attribution")
                .status()).isEqualTo(200);
        assertThat(Http.at(port).as(Tokens.staff(staff)).get("/orders/" + orderOf.get(sA1) + "/ledger").status())
                .isEqualTo(403);
        assertThat(Http.at(port).as(Tokens.dealer(dA)).get("/customers/c-" + sA1 + "/touches").status())
                .isEqualTo(403);
        assertThat(Http.at(port).as(Tokens.store(sA1)).get("/attribution/policy").status()).isEqualTo(200);
        assertThat(Http.at(port).as(Tokens.store(sA1)).put("/attribution/policy", Map.of("basedOnVersion", 1,
                "model", "LAST_TOUCH", "lookbackHours", 72, "protectionDays", 15, "validityDays", 90,
                "selfPurchase", "DENY", "reason", "mine")).status()).isEqualTo(403);
        Http.Response adjust = Http.at(port).as(Tokens.finance()).post("/orders/" + orderOf.get(sB)
                + "/attribution/adjustments", Map.of("adjustmentId", "adj-" + u, "basedOnVersion", 1,
                "creditedType", "HQ", "reason", "not finance's"));
        assertThat(adjust.status()).isEqualTo(403);
        assertThat(adjust.json().get("detail").asString()).isEqualTo("this needs the role HQ; the token's role is "
                + "FINANCE");
        assertThat(hq.post("/settlement/periods/2026-03/close", Map.of()).status()).isEqualTo(403);
        assertThat(Http.at(port).as(Tokens.store(sA1)).get("/statements?period=2026-03&beneficiaryType=STORE"
                + "&beneficiaryId=" + sB).status()).isEqualTo(403);

        // the board and the review: a dealer's stores' lines, a store's (and its staff's) own line
        java.util.function.Function<String, String> board = token -> {
            List<String> codes = new java.util.ArrayList<>();
            Http.at(port).as(token).get("/sessions/" + session + "/leaderboard").json().get("rows")
                    .forEach(r -> codes.add(r.get("rank").asInt() + " " + r.get("storeCode").asString()));
            return String.join(",", codes);
        };
        // each line keeps its rank among every store's
        Map<String, String> ranked = new java.util.HashMap<>();
        for (String line : board.apply(Tokens.hq()).split(",")) {
            ranked.put(line.substring(line.indexOf(' ') + 1), line);
        }
        assertThat(board.apply(Tokens.dealer(dA))).isEqualTo(ranked.get(sA1.toUpperCase()) + ","
                + ranked.get(sA2.toUpperCase()));
        assertThat(board.apply(Tokens.staff(staff))).isEqualTo(ranked.get(sA1.toUpperCase()));
        assertThat(board.apply(Tokens.store(sB))).isEqualTo(ranked.get(sB.toUpperCase()));
        // the review reads the board's copy in Mongo, written every couple of seconds
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(hq.get("/sessions/" + session + "/review").json().get("stores")).hasSize(3);
            JsonNode review = Http.at(port).as(Tokens.store(sA1)).get("/sessions/" + session + "/review").json();
            assertThat(review.get("stores")).extracting(l -> l.get("storeId").asString()).containsExactly(sA1);
            assertThat(review.get("staff")).extracting(l -> l.get("staffId").asString()).containsExactly(staff);
            assertThat(review.get("segments")).isEmpty();
        });
        assertThat(Http.at(port).as(Tokens.store(sB)).get("/sessions/" + session + "/stores/" + sA1
                + "/follow-ups").status()).isEqualTo(403);

        // the live stream sends a store its own line only: at once, then when its line changes, never another's
        java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + port + "/sessions/" + session + "/leaderboard/stream"))
                        .header("Authorization", "Bearer " + Tokens.store(sB)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> r.body().filter(l -> l.startsWith("data:")).forEach(events::add));
        String first = events.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(first).contains("\"storeCode\":\"" + sB.toUpperCase() + "\"", "\"uniqueViewers\":1")
                .doesNotContain(sA1.toUpperCase(), sA2.toUpperCase());
        // a second viewer of A2, then of B: only B's changed line is pushed to B
        for (String st : List.of(sA2, sB)) {
            String code = "Ac" + st.replace("-", "") + "x", customer = "c2-" + st;
            TopicProbe.publish(Events.VIEWER_JOINED, customer, session, new ViewerJoined(session, room, customer, code,
                    live.plusSeconds(300)));
        }
        List<String> pushed = new java.util.ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until && pushed.stream().noneMatch(e -> e.contains("\"uniqueViewers\":2"))) {
            String e = events.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (e != null) {
                pushed.add(e);
            }
        }
        response.cancel(true);
        client.shutdownNow();
        assertThat(pushed).anySatisfy(e -> assertThat(e).contains("\"storeCode\":\"" + sB.toUpperCase() + "\"",
                "\"uniqueViewers\":2")).allSatisfy(e -> assertThat(e).doesNotContain(sA1.toUpperCase(),
                sA2.toUpperCase()));
    }

    @Test
    void a_bad_period_is_a_problem_naming_the_field() {
        Http http = Http.at(port).as(Tokens.finance());
        // a report's, and a statement's, its document's and its payouts' (not a statement not found)
        for (Http.Response r : List.of(http.get("/reports/stores?period=November"),
                http.get("/statements/2026-7/STORE/s1"), http.get("/statements/2026-7/STORE/s1/document"),
                http.post("/statements/2026-7/STORE/s1/payouts", Map.of("payoutId", "po1", "amount", 100,
                        "paidAt", "2026-08-01T02:00:00Z", "reference", "bank-1")))) {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("period");
        }
    }
}
