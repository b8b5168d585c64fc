package io.storecast.launcher;

import io.storecast.loadgen.Api;
import io.storecast.contracts.Events;
import io.storecast.contracts.Topics;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.platform.infra.SharedInfrastructure;
import io.storecast.platform.outbox.OutboxRecord;
import io.storecast.platform.tracing.Traceparent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One broadcast across the four services, driven only through their HTTP APIs over the real broker
 * and store, with every figure of the per-store report worked out by hand.
 *
 * <pre>
 * plan: * = traffic 500 bp, staff bonus 100 bp, dealer override 200 bp
 * store A (under dealer D, store link)   c1 joins via A, buys 1 x 199.00, refund 99.00 of it
 * store B (no dealer, store link)        c2 joins via A then later via B (B wins), buys 2 x 50.05 with no ref
 * store C (no dealer, staff link of st)  c3 joins via st's link, buys 1 x 123.45, refunded in full
 * HQ                                     c4 buys 1 x 199.00 with no ref and no touch: no commission
 *
 * A: gross 19,900  refunds 9,900   traffic 995, reversal round(10,000 x 5%) - 995 = -495  net 500
 *    (D's override 398 - 198 and C's staff bonus are not A's: other beneficiaries)
 * B: gross 10,010  refunds 0       traffic round(500.5) = 501                             net 501
 * C: gross 12,345  refunds 12,345  traffic round(617.25) = 617, reversal -617             net 0
 * totals: 3 orders, gross 42,255, refunds 22,245, net sales 20,010, accrued 2,113, reversed -1,112, net 1,001
 * </pre>
 *
 * Prometheus (Debian's, when installed; CI requires it) scrapes the four services meanwhile, and the broadcast's
 * business metrics move by exactly that: 1 click (A's link), 5 joins (c2 twice), 4 orders placed (c1's retry is the
 * same order), then 4 paid for 62,155 fen (19,900 + 10,010 + 12,345 + 19,900), commission accrued 2,634 (A 995, D
 * 398, B 501, C 617, st 123) and reversed 1,433 (A 495, D 198, C 617, st 123).
 */
class EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static LocalStack stack;
    static LocalPrometheus prometheus;
    static Api distribution, room, order, attribution;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(SharedInfrastructure.get(), LocalStack.Ports.RANDOM);
        prometheus = LocalPrometheus.startIfInstalled(stack);
        distribution = new Api(stack.url(LocalStack.STORE_DISTRIBUTION));
        room = new Api(stack.url(LocalStack.ROOM));
        order = new Api(stack.url(LocalStack.ORDER), LocalStack.paymentSecret());
        attribution = new Api(stack.url(LocalStack.ATTRIBUTION)).as(stack.token("HQ", null));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        stack.close();
    }

    /**
     * Every service answers the probes the deployment files give it (their settings are platform/runtime's, shared):
     * live, and ready with the store answering.
     */
    @Test
    void every_service_answers_its_liveness_and_readiness_probes() {
        for (Api service : List.of(distribution, room, order, attribution)) {
            assertThat(service.get("/actuator/health/liveness").expect(200).get("status").asString()).isEqualTo("UP");
            JsonNode ready = service.get("/actuator/health/readiness").expect(200);
            assertThat(ready.get("status").asString()).isEqualTo("UP");
            assertThat(ready.get("components").propertyNames()).containsExactlyInAnyOrder("mongo", "readinessState");
        }
    }

    /**
     * The topics the running services made for themselves (all but Kafka Streams' changelogs and repartition topics)
     * are exactly those the deployment files create (deploy/kafka/topics, and the same for Strimzi).
     */
    @Test
    void the_deployment_files_create_exactly_the_topics_the_services_use() throws Exception {
        Set<String> used;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.get().kafkaBootstrap()))) {
            used = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith("storecast.") || LocalStack.ALL.stream().anyMatch(app -> t.startsWith(app + "-")))
                    .filter(t -> !t.endsWith("-changelog") && !t.endsWith("-repartition"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(used).isEqualTo(DeploymentFilesTest.listedTopics());
    }

    /**
     * A refund that reached attribution before its payment (as a replay of the topics may bring it) is dead-lettered:
     * nothing to refund. Once the payment is in — the cause fixed — the replay sends it back to the orders topic and
     * the reversal lands, once: a second replay sends nothing, and the ledger holds the accrual and one reversal.
     */
    @Test
    void a_dead_letter_replayed_once_its_cause_is_fixed_takes_effect_exactly_once() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publishPlan(now);
        String roomId = room.post("/rooms", Map.of("ownerType", "HQ", "name", "Replay room",
                "watchUrl", "https://live.example.com/replay")).expect(201).get("id").asString();
        String u = Long.toString(System.nanoTime(), 36);
        String store = distribution.post("/stores", Map.of("code", "S-R-" + u, "name", "重放店")).expect(201)
                .get("id").asString();
        String link = issue("STORE", store, roomId);
        String orderId = "replay-o-" + u, customer = "replay-c-" + u;
        List<OrderLine> lines = List.of(new OrderLine(1, "SKU-R", "apparel", 1, 20_000, 20_000));
        String dlt = Topics.deadLetter(Topics.ORDERS, "attribution-service-decisions");

        try (KafkaProducer<String, byte[]> orders = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().kafkaBootstrap()),
                new StringSerializer(), new ByteArraySerializer());
             DeadLetterReplay replay = new DeadLetterReplay(SharedInfrastructure.get().kafkaBootstrap())) {
            OutboxRecord refund = OutboxRecord.of(Events.ORDER_REFUNDED, customer, orderId, "/storecast/order-service",
                    now, new OrderRefunded(orderId, customer, "replay-r-" + u, 1, 1, 5_000, 5_000, 20_000, "CNY", now),
                    null, null);
            String deadLettered = "storecast_events_dead_lettered_total{application=\"attribution-service\", topic=\""
                    + Topics.ORDERS + "\", dlt=\"" + dlt + "\"}";
            if (prometheus != null) {
                // scraped at 0 before the first dead letter, so that its increase shows
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(prometheus.query(deadLettered)).isEqualTo(0.0));
            }
            orders.send(refund.toProducerRecord()).get();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(replay.show(dlt)).extracting(DeadLetterReplay.DeadLetter::eventId)
                            .contains(refund.eventId()));
            if (prometheus != null) {
                // counted, and alerted on from the first one
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(prometheus.query(deadLettered)).isEqualTo(1.0);
                    assertThat(prometheus.series("ALERTS{alertstate=\"firing\"}", "alertname", "application", "topic",
                            "dlt")).contains("StorecastDeadLetters attribution-service " + Topics.ORDERS + " " + dlt);
                });
            }

            // the cause fixed: the order placed and paid through store's link
            orders.send(OutboxRecord.of(Events.ORDER_PLACED, customer, orderId, "/storecast/order-service", now,
                    new OrderPlaced(orderId, "co-" + orderId, customer, null, link, lines, 20_000, "CNY", now),
                    null, null).toProducerRecord()).get();
            orders.send(OutboxRecord.of(Events.ORDER_PAID, customer, orderId, "/storecast/order-service", now,
                    new OrderPaid(orderId, customer, null, link, "pay-" + orderId, lines, 20_000, "CNY", now, now),
                    null, null).toProducerRecord()).get();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(ledger(orderId)).containsExactly(Map.entry(orderId + ":1:TRAFFIC:0", 1_000L)));

            assertThat(replay.replay(dlt)).extracting(DeadLetterReplay.DeadLetter::eventId).contains(refund.eventId())
                    .allSatisfy(id -> assertThat(id).isNotNull());
            // net after 50.00 of 200.00 refunded: round(15,000 x 5 %) = 750, so 1,000 - 250
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(ledger(orderId)).containsExactly(Map.entry(orderId + ":1:TRAFFIC:0", 1_000L),
                            Map.entry(orderId + ":1:TRAFFIC:1", -250L)));

            assertThat(replay.replay(dlt)).extracting(DeadLetterReplay.DeadLetter::eventId)
                    .doesNotContain(refund.eventId());
            orders.send(refund.toProducerRecord()).get();       // and the refund once more, as a redelivery
            Thread.sleep(2_000);
            assertThat(ledger(orderId)).containsExactly(Map.entry(orderId + ":1:TRAFFIC:0", 1_000L),
                    Map.entry(orderId + ":1:TRAFFIC:1", -250L));
        }
    }

    /** The plan both tests credit by (the same rates, so either may be the one in force): 500 / 100 / 200 / 0 bp. */
    private static void publishPlan(Instant now) {
        distribution.post("/commission-plans", Map.of("effectiveFrom", now.minusSeconds(86_400).toString(),
                "rates", Map.of("*", Map.of("trafficBps", 500, "staffBonusBps", 100, "dealerOverrideBps", 200,
                        "fulfilmentBps", 0)))).expect(201);
    }

    private static Map<String, Long> ledger(String orderId) {
        Map<String, Long> m = new java.util.TreeMap<>();
        Api.Reply r = attribution.get("/orders/" + orderId + "/ledger");
        if (r.status() == 200) {
            r.json().forEach(e -> m.put(e.get("id").asString(), e.get("amount").asLong()));
        }
        return m;
    }

    @Test
    void a_broadcast_credits_each_sale_to_the_store_that_brought_the_customer_to_the_fen() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        publishPlan(now);
        String roomId = room.post("/rooms", Map.of("ownerType", "HQ", "name", "HQ live",
                "watchUrl", "https://live.example.com/hq?lang=zh")).expect(201).get("id").asString();
        String session = room.post("/rooms/" + roomId + "/sessions", Map.of("title", "Double 11",
                "scheduledStart", now.toString())).expect(201).get("id").asString();
        room.post("/sessions/" + session + "/start", "").expect(200);

        String dealer = distribution.post("/dealers", Map.of("code", "D-EAST", "name", "华东经销商")).expect(201)
                .get("id").asString();
        String storeA = distribution.post("/stores", Map.of("code", "S-A", "name", "杭州西湖店", "dealerId", dealer))
                .expect(201).get("id").asString();
        String storeB = distribution.post("/stores", Map.of("code", "S-B", "name", "上海南京路店")).expect(201)
                .get("id").asString();
        String storeC = distribution.post("/stores", Map.of("code", "S-C", "name", "北京三里屯店")).expect(201)
                .get("id").asString();
        String staff = distribution.post("/stores/" + storeC + "/staff", Map.of("name", "Li Na")).expect(201)
                .get("id").asString();
        String linkA = issue("STORE", storeA, roomId);
        String linkB = issue("STORE", storeB, roomId);
        String linkC = issue("STAFF", staff, roomId);

        // the redirect goes to our own room record's watch URL with the ref, and records a click
        Api.Reply redirect = distribution.get("/l/" + linkA);
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location")).isEqualTo("https://live.example.com/hq?lang=zh&ref=" + linkA);
        assertThat(distribution.get("/l/NoSuchCode99").status()).isEqualTo(404);

        String u = Long.toString(System.nanoTime(), 36);
        String c1 = "c1-" + u, c2 = "c2-" + u, c3 = "c3-" + u, c4 = "c4-" + u;
        join(session, c1, linkA);
        join(session, c2, linkA);
        room.post("/sessions/" + session + "/leave", Map.of("customerId", c2)).expect(202);
        awaitTouches(c2, 1);
        join(session, c2, linkB);               // later touch through another store
        join(session, c3, linkC);
        room.post("/sessions/" + session + "/join", Map.of("customerId", c4)).expect(202);
        awaitTouches(c1, 1);
        awaitTouches(c2, 2);
        awaitTouches(c3, 1);

        order.post("/products", Map.of("sku", "JACKET-" + u, "name", "Down jacket", "category", "apparel",
                "price", 19_900)).expect(201);
        order.post("/products", Map.of("sku", "CUP-" + u, "name", "Cup", "category", "kitchen", "price", 5_005))
                .expect(201);
        order.post("/products", Map.of("sku", "CREAM-" + u, "name", "Cream", "category", "beauty", "price", 12_345))
                .expect(201);
        for (String sku : List.of("JACKET-" + u, "CUP-" + u, "CREAM-" + u)) {
            order.post("/sessions/" + session + "/stock", Map.of("sku", sku, "units", 100)).expect(201);
        }

        JsonNode o1 = checkout(c1, session, linkA, "JACKET-" + u, 1);
        JsonNode retry = order.post("/orders", Map.of("clientOrderId", "co-" + c1, "customerId", c1,
                "sessionId", session, "ref", linkA, "lines", List.of(Map.of("sku", "JACKET-" + u, "quantity", 1))))
                .expect(200);
        assertThat(retry.get("id").asString()).isEqualTo(o1.get("id").asString());
        JsonNode o2 = checkout(c2, session, null, "CUP-" + u, 2);
        JsonNode o3 = checkout(c3, session, linkC, "CREAM-" + u, 1);
        JsonNode o4 = checkout(c4, session, null, "JACKET-" + u, 1);
        assertThat(o2.get("total").asLong()).isEqualTo(10_010);

        if (prometheus != null) {
            // all four scraped, the orders counted, and nothing paid in this session yet
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(prometheus.query("count(up{job=\"storecast\"} == 1)")).isEqualTo(4.0);
                assertThat(prometheus.query(perSession("storecast_orders_placed_total", session))).isEqualTo(4.0);
                // each service up as the alert rules name it: no instance or service down, nor about to be (a dead
                // letter, from the other test, may fire)
                assertThat(prometheus.series("ALERTS", "alertname")).doesNotContain("StorecastInstanceDown",
                        "StorecastServiceDown");
            });
            assertThat(prometheus.query(perSession("storecast_orders_paid_amount_fen_total", session))).isNull();
            // the lag of every Kafka Streams app's consumer, beside the listeners' (restore consumers report none)
            // (one series per partition once Micrometer has seen the partitions: grouped by app)
            assertThat(prometheus.series("group by (application, spring_id) (kafka_consumer_fetch_manager_records_lag_max"
                    + "{client_id=~\".*StreamThread.*\"} >= 0)", "application", "spring_id")).containsExactly(
                    "attribution-service attribution-service-decisions",
                    "attribution-service attribution-service-leaderboard",
                    "attribution-service attribution-service-rows",
                    "room-service room-service-presence",
                    "store-distribution-service store-distribution-service-funnels");
            assertThat(prometheus.query("count(group by (spring_id) (kafka_consumer_fetch_manager_records_lag_max{"
                    + "spring_id=~\"storecastConsumerFactory.*\", application=\"order-service\"} >= 0))")).isEqualTo(1.0);
            // a dead-letter count for every topic a service reads, and each of its consumers' dead-letter topics for
            // it, there from the start so the alert's increase() sees the first dead letter
            assertThat(prometheus.series("storecast_events_dead_lettered_total", "application", "topic", "dlt"))
                    .containsExactly(
                            "attribution-service attribution-service-decisions-adjustments "
                                    + "attribution-service-decisions-adjustments.attribution-service-decisions.dlt",
                            "attribution-service storecast.commission-plans.v1 "
                                    + "storecast.commission-plans.v1.attribution-service.dlt",
                            "attribution-service storecast.fulfilment.v1 "
                                    + "storecast.fulfilment.v1.attribution-service-decisions.dlt",
                            "attribution-service storecast.link-clicks.v1 "
                                    + "storecast.link-clicks.v1.attribution-service-leaderboard.dlt",
                            "attribution-service storecast.links.v1 storecast.links.v1.attribution-service.dlt",
                            "attribution-service storecast.network.v1 storecast.network.v1.attribution-service.dlt",
                            "attribution-service storecast.orders.v1 "
                                    + "storecast.orders.v1.attribution-service-decisions.dlt",
                            "attribution-service storecast.orders.v1 "
                                    + "storecast.orders.v1.attribution-service-leaderboard.dlt",
                            "attribution-service storecast.presence.v1 "
                                    + "storecast.presence.v1.attribution-service-decisions.dlt",
                            "attribution-service storecast.presence.v1 "
                                    + "storecast.presence.v1.attribution-service-leaderboard.dlt",
                            "attribution-service storecast.rooms.v1 "
                                    + "storecast.rooms.v1.attribution-service-leaderboard.dlt",
                            "order-service storecast.fulfilment.v1 storecast.fulfilment.v1.order-service.dlt",
                            "room-service storecast.links.v1 storecast.links.v1.room-service.dlt",
                            "room-service storecast.presence.v1 storecast.presence.v1.room-service.dlt",
                            "store-distribution-service storecast.attributions.v1 "
                                    + "storecast.attributions.v1.store-distribution-service.dlt",
                            "store-distribution-service storecast.link-clicks.v1 "
                                    + "storecast.link-clicks.v1.store-distribution-service.dlt",
                            "store-distribution-service storecast.orders.v1 "
                                    + "storecast.orders.v1.store-distribution-service.dlt",
                            "store-distribution-service storecast.rooms.v1 "
                                    + "storecast.rooms.v1.store-distribution-service.dlt");
        }

        Api.Reply wrong = order.pay(o1.get("id").asString(), "p-wrong-" + u, 100);
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.json().get("errors").get(0).get("field").asString()).isEqualTo("amount");

        JsonNode paid = pay(o1);
        pay(o2);
        pay(o3);
        pay(o4);
        String period = YearMonth.from(Instant.parse(paid.get("paidAt").asString()).atZone(ZoneId.of("Asia/Shanghai")))
                .toString();

        refund(o1, "rf1-" + u, 1, 9_900);
        refund(o3, "rf3-" + u, 1, 12_345);
        Api.Reply tooMuch = order.post("/orders/" + o1.get("id").asString() + "/refunds",
                Map.of("refundId", "rf-x-" + u, "lineNo", 1, "amount", 10_001));
        assertThat(tooMuch.status()).isEqualTo(422);

        // every payment and refund travels asynchronously: wait until all of them are in, then assert it all
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (JsonNode o : List.of(o1, o2, o3, o4)) {
                assertThat(attribution.get("/orders/" + o.get("id").asString() + "/attribution").status()).isEqualTo(200);
            }
            JsonNode report = attribution.get("/reports/stores?period=" + period).expect(200);
            assertThat(report.get("rows")).hasSize(3);
            assertRow(report.get("rows").get(0), "S-A", "杭州西湖店", "D-EAST", 1, 19_900, 9_900, 10_000, 995, -495, 500);
            assertRow(report.get("rows").get(1), "S-B", "上海南京路店", "", 1, 10_010, 0, 10_010, 501, 0, 501);
            assertRow(report.get("rows").get(2), "S-C", "北京三里屯店", "", 1, 12_345, 12_345, 0, 617, -617, 0);
            assertRow(report.get("totals"), "TOTAL", "", "", 3, 42_255, 22_245, 20_010, 2_113, -1_112, 1_001);
        });

        JsonNode hq = attribution.get("/orders/" + o4.get("id").asString() + "/attribution").expect(200);
        assertThat(hq.get("creditedType").asString()).isEqualTo("HQ");
        assertThat(attribution.get("/orders/" + o4.get("id").asString() + "/ledger").expect(200)).isEmpty();
        JsonNode twoStores = attribution.get("/orders/" + o2.get("id").asString() + "/attribution").expect(200);
        assertThat(twoStores.get("storeId").asString()).isEqualTo(storeB);
        assertThat(twoStores.get("candidates")).hasSize(2);

        String csv = attribution.get("/reports/stores.csv?period=" + period).text();
        assertThat(csv.substring(1).split("\r\n")).containsExactly(
                "store code,store name,dealer code,attributed orders,gross sales,refunds,net sales,"
                        + "commission accrued,commission reversed,commission net,pending,settleable,on statement,paid",
                "S-A,杭州西湖店,D-EAST,1,199.00,99.00,100.00,9.95,-4.95,5.00,5.00,0.00,0.00,0.00",
                "S-B,上海南京路店,,1,100.10,0.00,100.10,5.01,0.00,5.01,5.01,0.00,0.00,0.00",
                "S-C,北京三里屯店,,1,123.45,123.45,0.00,6.17,-6.17,0.00,0.00,0.00,0.00,0.00",
                "TOTAL,,,3,422.55,222.45,200.10,21.13,-11.12,10.01,10.01,0.00,0.00,0.00");
        // store A's manager reads the same report and sees its own row, totalled; without a token, nothing
        JsonNode own = attribution.as(stack.token("STORE", storeA)).get("/reports/stores?period=" + period).expect(200);
        assertThat(own.get("rows")).hasSize(1);
        assertRow(own.get("rows").get(0), "S-A", "杭州西湖店", "D-EAST", 1, 19_900, 9_900, 10_000, 995, -495, 500);
        assertRow(own.get("totals"), "TOTAL", "", "", 1, 19_900, 9_900, 10_000, 995, -495, 500);
        assertThat(attribution.as(null).get("/reports/stores?period=" + period).status()).isEqualTo(401);

        if (prometheus != null) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(prometheus.query("sum(storecast_link_clicks_total{room=\"" + roomId + "\"})"))
                        .isEqualTo(1.0);
                assertThat(prometheus.query(perSession("storecast_viewers_joined_total", session))).isEqualTo(5.0);
                assertThat(prometheus.query(perSession("storecast_orders_placed_total", session))).isEqualTo(4.0);
                assertThat(prometheus.query(perSession("storecast_orders_paid_total", session))).isEqualTo(4.0);
                assertThat(prometheus.query(perSession("storecast_orders_paid_amount_fen_total", session)))
                        .isEqualTo(62_155.0);
                assertThat(prometheus.query(perSession("storecast_commission_accrued_fen_total", session)))
                        .isEqualTo(2_634.0);
                assertThat(prometheus.query(perSession("storecast_commission_reversed_fen_total", session)))
                        .isEqualTo(1_433.0);
            });
            // every query of the Grafana dashboards is PromQL Prometheus accepts, over metrics it has
            for (String expr : LocalPrometheus.dashboardQueries()) {
                String q = expr.replace("$session", session).replace("$room", roomId)
                        .replace("$application", LocalStack.ATTRIBUTION).replace("$__rate_interval", "1m");
                assertThat(prometheus.accepts(q)).as(q).isTrue();
                assertThat(prometheus.metricNames()).as(q).containsAll(LocalPrometheus.metricsIn(q));
            }
        }

        // one order followed by its trace across the services: the payment callback's trace, on order-service's
        // OrderPaid, goes on to attribution-service's decision and to each accrual the payment caused
        String o1Id = o1.get("id").asString();
        Map<String, List<String>> traces = traces(o1Id);
        assertThat(traces.get(Events.ORDER_PLACED.name())).hasSize(1)
                .allSatisfy(t -> assertThat(t).matches("[0-9a-f]{32}"));      // the checkout request's own
        assertThat(traces.get(Events.ORDER_PAID.name())).hasSize(1);
        String trace = traces.get(Events.ORDER_PAID.name()).getFirst();
        assertThat(trace).matches("[0-9a-f]{32}");
        assertThat(traces.get(Events.ORDER_ATTRIBUTED.name())).containsExactly(trace);
        assertThat(traces.get(Events.COMMISSION_ENTRY_RECORDED.name() + " ACCRUAL")).containsExactly(trace, trace);
        assertThat(traces.get(Events.ORDER_REFUNDED.name())).hasSize(1).doesNotContain(trace);   // another request
        assertThat(traces.get(Events.COMMISSION_ENTRY_RECORDED.name() + " REVERSAL"))
                .containsExactly(traces.get(Events.ORDER_REFUNDED.name()).getFirst(),
                        traces.get(Events.ORDER_REFUNDED.name()).getFirst());

        // the other beneficiaries: dealer D's override on A's sale, the staff bonus on C's
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(amounts(o1)).containsEntry(o1.get("id").asString() + ":1:DEALER_OVERRIDE:0", 398L)
                    .containsEntry(o1.get("id").asString() + ":1:DEALER_OVERRIDE:1", -198L);
            assertThat(amounts(o3)).containsEntry(o3.get("id").asString() + ":1:STAFF_BONUS:0", 123L)
                    .containsEntry(o3.get("id").asString() + ":1:STAFF_BONUS:1", -123L);
        });
    }

    /**
     * The trace ids (of their {@code traceparent} headers) of order {@code orderId}'s events on the orders, attributions
     * and ledger topics, by event type (a ledger entry's with its kind), in the order they were written.
     */
    private static Map<String, List<String>> traces(String orderId) throws Exception {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().kafkaBootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new java.util.ArrayList<>();
            for (String t : List.of(Topics.ORDERS, Topics.ATTRIBUTIONS, Topics.COMMISSION_LEDGER)) {
                c.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    JsonNode event = JSON.readTree(r.value());
                    if (!event.has("orderId") || !orderId.equals(event.get("orderId").asString())) {
                        continue;
                    }
                    String type = new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8)
                            + (event.has("kind") ? " " + event.get("kind").asString() : "");
                    Header trace = r.headers().lastHeader(Traceparent.HEADER);
                    out.computeIfAbsent(type, k -> new java.util.ArrayList<>()).add(trace == null ? null
                            : Traceparent.traceId(new String(trace.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return out;
    }

    /** A business metric summed over every instance, for one session. */
    private static String perSession(String metric, String session) {
        return "sum(" + metric + "{session=\"" + session + "\"})";
    }

    private static Map<String, Long> amounts(JsonNode order) {
        return ledger(order.get("id").asString());
    }

    private static void assertRow(JsonNode r, String code, String name, String dealer, long orders, long gross,
                                  long refunds, long net, long accrued, long reversed, long commissionNet) {
        assertThat(r.get("code").asString()).isEqualTo(code);
        assertThat(r.get("name").asString()).isEqualTo(name);
        assertThat(r.get("dealerCode").asString()).isEqualTo(dealer);
        assertThat(r.get("attributedOrders").asLong()).as(code + " orders").isEqualTo(orders);
        assertThat(r.get("grossSales").asLong()).as(code + " gross").isEqualTo(gross);
        assertThat(r.get("refunds").asLong()).as(code + " refunds").isEqualTo(refunds);
        assertThat(r.get("netSales").asLong()).as(code + " net sales").isEqualTo(net);
        assertThat(r.get("commissionAccrued").asLong()).as(code + " accrued").isEqualTo(accrued);
        assertThat(r.get("commissionReversed").asLong()).as(code + " reversed").isEqualTo(reversed);
        assertThat(r.get("commissionNet").asLong()).as(code + " net").isEqualTo(commissionNet);
        assertThat(r.get("pending").asLong()).as(code + " pending").isEqualTo(commissionNet);
        assertThat(r.get("settleable").asLong()).isZero();
        assertThat(r.get("onStatement").asLong()).isZero();
        assertThat(r.get("paid").asLong()).isZero();
    }

    private static String issue(String ownerType, String ownerId, String roomId) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Api.Reply r = distribution.post("/links", Map.of("ownerType", ownerType, "ownerId", ownerId,
                    "roomId", roomId, "channel", "wechat-group"));
            return r.status() == 201 ? r.json().get("code").asString() : null;
        }, code -> code != null);
    }

    private static void join(String session, String customer, String ref) {
        room.post("/sessions/" + session + "/join", Map.of("customerId", customer, "ref", ref)).expect(202);
    }

    private static void awaitTouches(String customer, int n) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode t = attribution.get("/customers/" + customer + "/touches").expect(200);
            assertThat(t).hasSize(n);
            t.forEach(x -> assertThat(x.get("storeId").isNull()).isFalse());
        });
    }

    private static JsonNode checkout(String customer, String session, String ref, String sku, int qty) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("clientOrderId", "co-" + customer,
                "customerId", customer, "sessionId", session, "lines", List.of(Map.of("sku", sku, "quantity", qty))));
        if (ref != null) {
            body.put("ref", ref);
        }
        return order.post("/orders", body).expect(201);
    }

    private static JsonNode pay(JsonNode o) {
        return order.pay(o.get("id").asString(), "pay-" + o.get("id").asString(), o.get("total").asLong())
                .expect(200);
    }

    private static void refund(JsonNode o, String refundId, int line, long amount) {
        order.post("/orders/" + o.get("id").asString() + "/refunds", Map.of("refundId", refundId, "lineNo", line,
                "amount", amount)).expect(200);
    }
}
