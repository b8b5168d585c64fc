package io.storecast.order;

import io.storecast.contracts.Events;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.orders.OrderRefunded;
import io.storecast.order.domain.PaymentSignature;
import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.ServiceUnderTest;
import io.storecast.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=order-service", "storecast.payments.secret=" + OrderApiTest.SECRET})
class OrderApiTest {

    static final String SECRET = "test-payment-secret-0123";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SESSION = "sess-1";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        ServiceUnderTest.wire(r, "order-test");
    }

    @LocalServerPort
    int port;

    private static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A new product with 1,000 units on sale in {@link #SESSION}. */
    private String product(Http http, String category, long price) {
        String sku = fresh("sku");
        Http.Response r = http.post("/products", Map.of("sku", sku, "name", "Product " + sku, "category", category,
                "price", price));
        assertThat(r.status()).isEqualTo(201);
        assertThat(http.post("/sessions/" + SESSION + "/stock", Map.of("sku", sku, "units", 1_000)).status())
                .isEqualTo(201);
        return sku;
    }

    static Http.Response pay(Http http, String orderId, String paymentId, long amount) {
        return pay(http, orderId, paymentId, amount, SECRET);
    }

    static Http.Response pay(Http http, String orderId, String paymentId, long amount, String secret) {
        return pay(http, orderId, paymentId, amount, secret, Instant.now());
    }

    /** Signed at {@code at}: the service checks the signature's time against its own clock. */
    static Http.Response pay(Http http, String orderId, String paymentId, long amount, String secret, Instant at) {
        String body = "{\"orderId\":\"" + orderId + "\",\"paymentId\":\"" + paymentId + "\",\"amount\":" + amount + "}";
        return signed(http, body, new PaymentSignature(secret, Duration.ofMinutes(5))
                .sign(body.getBytes(StandardCharsets.UTF_8), at));
    }

    static Http.Response signed(Http http, String body, String signature) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(http.base() + "/payments/callbacks"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            r.header(PaymentSignature.HEADER, signature);
        }
        return http.send(r);
    }

    private static Map<String, Object> checkout(String clientOrderId, String customer, List<Map<String, Object>> lines) {
        return Map.of("clientOrderId", clientOrderId, "customerId", customer, "sessionId", SESSION,
                "ref", "Ab3dE5gH9k", "lines", lines);
    }

    private static String field(Http.Response r) {
        return r.json().get("errors").get(0).get("field").asString();
    }

    @Test
    void a_product_is_created_once_and_read_back() {
        Http http = Http.at(port);
        String sku = fresh("sku");
        Http.Response created = http.post("/products", Map.of("sku", sku, "name", "Jasmine tea", "category", "food",
                "price", 1999));
        assertThat(created.status()).isEqualTo(201);
        JsonNode p = http.get("/products/" + sku).json();
        assertThat(p.get("sku").asString()).isEqualTo(sku);
        assertThat(p.get("name").asString()).isEqualTo("Jasmine tea");
        assertThat(p.get("category").asString()).isEqualTo("food");
        assertThat(p.get("price").asLong()).isEqualTo(1999);
        assertThat(p.get("active").asBoolean()).isTrue();

        Http.Response again = http.post("/products", Map.of("sku", sku, "name", "Other", "category", "food",
                "price", 1));
        assertThat(again.status()).isEqualTo(409);
        assertThat(field(again)).isEqualTo("sku");
        assertThat(http.get("/products/" + sku).json().get("name").asString()).isEqualTo("Jasmine tea");

        Http.Response negative = http.post("/products", Map.of("sku", fresh("sku"), "name", "x", "category", "food",
                "price", -1));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(field(negative)).isEqualTo("price");
        Http.Response blank = http.post("/products", Map.of("sku", fresh("sku"), "name", " ", "category", "food",
                "price", 1));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(field(blank)).isEqualTo("name");
        assertThat(http.get("/products/" + fresh("nope")).status()).isEqualTo(404);
    }

    @Test
    void checkout_prices_from_the_catalog_and_a_retry_returns_the_same_order_with_one_event() {
        Http http = Http.at(port);
        String tea = product(http, "food", 1999);
        String cup = product(http, "home", 4550);
        String customer = fresh("c");
        String clientOrderId = fresh("k");
        var body = checkout(clientOrderId, customer, List.of(Map.of("sku", tea, "quantity", 3),
                Map.of("sku", cup, "quantity", 1, "unitPrice", 1)));

        Http.Response first = http.post("/orders", body);
        assertThat(first.status()).isEqualTo(201);
        JsonNode o = first.json();
        String id = o.get("id").asString();
        assertThat(first.header("Location")).isEqualTo("/orders/" + id);
        assertThat(o.get("status").asString()).isEqualTo("PLACED");
        assertThat(o.get("clientOrderId").asString()).isEqualTo(clientOrderId);
        assertThat(o.get("customerId").asString()).isEqualTo(customer);
        assertThat(o.get("sessionId").asString()).isEqualTo(SESSION);
        assertThat(o.get("ref").asString()).isEqualTo("Ab3dE5gH9k");
        assertThat(o.get("total").asLong()).isEqualTo(3 * 1999 + 4550);
        assertThat(o.get("currency").asString()).isEqualTo("CNY");
        assertThat(o.get("paidAt").isNull()).isTrue();
        JsonNode line2 = o.get("lines").get(1);
        assertThat(line2.get("lineNo").asInt()).isEqualTo(2);
        assertThat(line2.get("sku").asString()).isEqualTo(cup);
        assertThat(line2.get("category").asString()).isEqualTo("home");
        assertThat(line2.get("unitPrice").asLong()).isEqualTo(4550);
        assertThat(line2.get("amount").asLong()).isEqualTo(4550);
        assertThat(line2.get("refunded").asLong()).isZero();

        Http.Response retry = http.post("/orders", body);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(o);
        assertThat(http.get("/orders/" + id).json()).isEqualTo(o);

        var placed = TopicProbe.await(Events.ORDER_PLACED, (OrderPlaced e) -> e.orderId().equals(id), 1, WAIT);
        assertThat(placed).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(customer);
            assertThat(e.envelope().source()).isEqualTo("order-service");
            assertThat(e.payload().total()).isEqualTo(10_547);
            assertThat(e.payload().ref()).isEqualTo("Ab3dE5gH9k");
            assertThat(e.payload().placedAt()).isEqualTo(Instant.parse(o.get("placedAt").asString()));
            assertThat(e.payload().lines()).containsExactly(new OrderLine(1, tea, "food", 3, 1999, 5997),
                    new OrderLine(2, cup, "home", 1, 4550, 4550));
        });
    }

    @Test
    void concurrent_retries_of_one_checkout_create_one_order_and_one_event() throws Exception {
        Http http = Http.at(port);
        String sku = product(http, "food", 990);
        var body = checkout(fresh("k"), fresh("c"), List.of(Map.of("sku", sku, "quantity", 2)));
        List<Http.Response> answers = all(8, i -> http.post("/orders", body));
        List<Integer> statuses = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Http.Response r : answers) {
            statuses.add(r.status());
            ids.add(r.json().get("id").asString());
        }
        assertThat(statuses).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
        assertThat(ids).containsOnly(ids.getFirst());
        var placed = TopicProbe.await(Events.ORDER_PLACED, (OrderPlaced e) -> e.orderId().equals(ids.getFirst()), 1,
                WAIT);
        assertThat(placed).hasSize(1);
    }

    /** Sends {@code n} requests at once and returns the answers in order. */
    private static List<Http.Response> all(int n, IntFunction<Http.Response> request) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return request.apply(index);
                }));
            }
            go.countDown();
        }
        List<Http.Response> answers = new ArrayList<>();
        for (Future<Http.Response> f : futures) {
            answers.add(f.get());
        }
        return answers;
    }

    @Test
    void a_fractional_quantity_is_refused_not_truncated() {
        Http http = Http.at(port);
        String sku = product(http, "food", 1999);
        Http.Response r = http.post("/orders", "{\"clientOrderId\":\"" + fresh("k") + "\",\"customerId\":\"c\","
                + "\"sessionId\":\"s\",\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":1.5}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(field(r)).isEqualTo("lines[0].quantity");
    }

    @Test
    void payment_must_match_the_total_and_is_idempotent_per_payment_id() {
        Http http = Http.at(port);
        String sku = product(http, "food", 1999);
        String customer = fresh("c");
        String id = http.post("/orders", checkout(fresh("k"), customer, List.of(Map.of("sku", sku, "quantity", 3))))
                .json().get("id").asString();

        Http.Response wrong = pay(http, id, "pay-x", 5996);
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(field(wrong)).isEqualTo("amount");
        assertThat(http.get("/orders/" + id).json().get("status").asString()).isEqualTo("PLACED");

        String paymentId = fresh("pay");
        Http.Response paid = pay(http, id, paymentId, 5997);
        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.json().get("status").asString()).isEqualTo("PAID");
        assertThat(paid.json().get("paymentId").asString()).isEqualTo(paymentId);
        assertThat(paid.json().get("paidAt").isNull()).isFalse();

        Http.Response again = pay(http, id, paymentId, 5997);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(paid.json());
        Http.Response other = pay(http, id, fresh("pay"), 5997);
        assertThat(other.status()).isEqualTo(409);
        assertThat(field(other)).isEqualTo("paymentId");
        assertThat(pay(http, fresh("ord"), "p", 1).status())
                .isEqualTo(404);

        // the same payment cannot pay a second order
        String second = http.post("/orders", checkout(fresh("k"), customer, List.of(Map.of("sku", sku, "quantity", 3))))
                .json().get("id").asString();
        Http.Response reused = pay(http, second, paymentId, 5997);
        assertThat(reused.status()).isEqualTo(409);
        assertThat(field(reused)).isEqualTo("paymentId");
        assertThat(http.get("/orders/" + second).json().get("status").asString()).isEqualTo("PLACED");

        var events = TopicProbe.await(Events.ORDER_PAID, (OrderPaid e) -> e.orderId().equals(id), 1, WAIT);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(customer);
            OrderPaid p = e.payload();
            assertThat(p.paymentId()).isEqualTo(paymentId);
            assertThat(p.amount()).isEqualTo(5997);
            assertThat(p.currency()).isEqualTo("CNY");
            assertThat(p.sessionId()).isEqualTo(SESSION);
            assertThat(p.ref()).isEqualTo("Ab3dE5gH9k");
            assertThat(p.lines()).containsExactly(new OrderLine(1, sku, "food", 3, 1999, 5997));
            assertThat(p.placedAt()).isEqualTo(Instant.parse(paid.json().get("placedAt").asString()));
            assertThat(p.paidAt()).isEqualTo(Instant.parse(paid.json().get("paidAt").asString()));
            assertThat(e.envelope().correlationId()).isEqualTo(id);
        });
    }

    @Test
    void refunds_are_per_line_idempotent_and_never_more_than_paid() {
        Http http = Http.at(port);
        String sku = product(http, "food", 1999);
        String customer = fresh("c");
        String id = http.post("/orders", checkout(fresh("k"), customer, List.of(Map.of("sku", sku, "quantity", 3))))
                .json().get("id").asString();
        String refundPath = "/orders/" + id + "/refunds";

        Http.Response early = http.post(refundPath, Map.of("refundId", fresh("r"), "lineNo", 1, "amount", 100));
        assertThat(early.status()).isEqualTo(409);
        assertThat(field(early)).isEqualTo("status");
        pay(http, id, fresh("pay"), 5997);

        String r1 = fresh("r");
        Http.Response partial = http.post(refundPath, Map.of("refundId", r1, "lineNo", 1, "amount", 2000));
        assertThat(partial.status()).isEqualTo(200);
        assertThat(partial.json().get("status").asString()).isEqualTo("PAID");
        assertThat(partial.json().get("lines").get(0).get("refunded").asLong()).isEqualTo(2000);
        Http.Response repeat = http.post(refundPath, Map.of("refundId", r1, "lineNo", 1, "amount", 2000));
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.json()).isEqualTo(partial.json());

        Http.Response over = http.post(refundPath, Map.of("refundId", fresh("r"), "lineNo", 1, "amount", 3998));
        assertThat(over.status()).isEqualTo(422);
        assertThat(field(over)).isEqualTo("amount");
        assertThat(over.json().get("detail").asString()).contains("3997 fen");
        Http.Response noLine = http.post(refundPath, Map.of("refundId", fresh("r"), "lineNo", 2, "amount", 1));
        assertThat(noLine.status()).isEqualTo(422);
        assertThat(field(noLine)).isEqualTo("lineNo");

        String r2 = fresh("r");
        Http.Response rest = http.post(refundPath, Map.of("refundId", r2, "lineNo", 1, "amount", 3997));
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.json().get("status").asString()).isEqualTo("REFUNDED");
        assertThat(rest.json().get("lines").get(0).get("refunded").asLong()).isEqualTo(5997);

        var first = TopicProbe.await(Events.ORDER_REFUNDED, (OrderRefunded e) -> e.refundId().equals(r1), 1, WAIT);
        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(customer);
            assertThat(e.payload().orderId()).isEqualTo(id);
            assertThat(e.payload().refundSeq()).isEqualTo(1);
            assertThat(e.payload().lineNo()).isEqualTo(1);
            assertThat(e.payload().amount()).isEqualTo(2000);
            assertThat(e.payload().lineRefundedTotal()).isEqualTo(2000);
            assertThat(e.payload().linePaid()).isEqualTo(5997);
            assertThat(e.payload().currency()).isEqualTo("CNY");
        });
        var all = TopicProbe.await(Events.ORDER_REFUNDED, (OrderRefunded e) -> e.orderId().equals(id), 2, WAIT);
        assertThat(all).extracting(e -> e.payload().refundId()).containsExactly(r1, r2);
        assertThat(all.get(1).payload().refundSeq()).isEqualTo(2);
        assertThat(all.get(1).payload().amount()).isEqualTo(3997);
        assertThat(all.get(1).payload().lineRefundedTotal()).isEqualTo(5997);
    }

    @Test
    void concurrent_changes_of_one_order_never_lose_an_update() throws Exception {
        Http http = Http.at(port);
        String sku = product(http, "food", 100);
        String id = http.post("/orders", checkout(fresh("k"), fresh("c"), List.of(Map.of("sku", sku, "quantity", 5))))
                .json().get("id").asString();

        List<Http.Response> payments = all(2, i -> pay(http, id, fresh("pay"), 500));
        assertThat(payments).extracting(Http.Response::status).containsExactlyInAnyOrder(200, 409);

        // eight refunds of 100 fen race for a 500 fen line: exactly five fit
        List<Http.Response> refunds = all(8, i -> http.post("/orders/" + id + "/refunds",
                Map.of("refundId", fresh("r"), "lineNo", 1, "amount", 100)));
        // the rest find the order REFUNDED (or lost every race to those five): 409
        assertThat(refunds).extracting(Http.Response::status).filteredOn(s -> s == 200).hasSize(5);
        assertThat(refunds).extracting(Http.Response::status).filteredOn(s -> s != 200).containsOnly(409);
        JsonNode order = http.get("/orders/" + id).json();
        assertThat(order.get("status").asString()).isEqualTo("REFUNDED");
        assertThat(order.get("lines").get(0).get("refunded").asLong()).isEqualTo(500);

        var events = TopicProbe.await(Events.ORDER_REFUNDED, (OrderRefunded e) -> e.orderId().equals(id), 5, WAIT);
        assertThat(events).extracting(e -> e.payload().refundSeq()).containsExactly(1, 2, 3, 4, 5);
        assertThat(events).extracting(e -> e.payload().lineRefundedTotal()).containsExactly(100L, 200L, 300L, 400L, 500L);
        assertThat(TopicProbe.await(Events.ORDER_PAID, (OrderPaid e) -> e.orderId().equals(id), 1, WAIT)).hasSize(1);
    }

    @Test
    void bad_checkouts_get_a_problem_body_naming_the_field() {
        Http http = Http.at(port);
        String sku = product(http, "food", 100);
        String customer = fresh("c");

        Http.Response unknown = http.post("/orders", checkout(fresh("k"), customer, List.of(
                Map.of("sku", sku, "quantity", 1), Map.of("sku", fresh("nope"), "quantity", 1))));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(field(unknown)).isEqualTo("lines[1].sku");

        Http.Response zero = http.post("/orders", checkout(fresh("k"), customer, List.of(
                Map.of("sku", sku, "quantity", 0))));
        assertThat(zero.status()).isEqualTo(400);
        assertThat(field(zero)).isEqualTo("lines[0].quantity");
        // two huge lines of one SKU must not add up to a negative quantity that puts units on sale
        Http.Response huge = http.post("/orders", checkout(fresh("k"), customer, List.of(
                Map.of("sku", sku, "quantity", 1_500_000_000), Map.of("sku", sku, "quantity", 1_500_000_000))));
        assertThat(huge.status()).isEqualTo(400);
        List<String> hugeFields = new ArrayList<>();
        huge.json().get("errors").forEach(e -> hugeFields.add(e.get("field").asString()));
        assertThat(hugeFields).containsExactlyInAnyOrder("lines[0].quantity", "lines[1].quantity");
        assertThat(http.get("/sessions/" + SESSION + "/stock/" + sku).json().get("remaining").asLong())
                .isEqualTo(1_000);

        Http.Response empty = http.post("/orders", checkout(fresh("k"), customer, List.of()));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(field(empty)).isEqualTo("lines");

        Http.Response noCustomer = http.post("/orders", Map.of("clientOrderId", fresh("k"), "sessionId", "s",
                "lines", List.of(Map.of("sku", sku, "quantity", 1))));
        assertThat(noCustomer.status()).isEqualTo(400);
        assertThat(field(noCustomer)).isEqualTo("customerId");

        assertThat(http.get("/orders/" + fresh("ord")).status()).isEqualTo(404);
    }

    @Test
    void the_catalog_is_updated_listed_and_deactivated_and_a_price_change_leaves_placed_orders_alone() {
        Http http = Http.at(port);
        String sku = product(http, "food", 1999);
        var first = checkout(fresh("k"), fresh("c"), List.of(Map.of("sku", sku, "quantity", 2)));
        String id = http.post("/orders", first).json().get("id").asString();

        Http.Response updated = http.put("/products/" + sku, Map.of("name", "Jasmine tea 500 g", "category", "tea",
                "price", 2599, "active", true));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("price").asLong()).isEqualTo(2599);
        assertThat(http.get("/products/" + sku).json().get("category").asString()).isEqualTo("tea");
        JsonNode old = http.get("/orders/" + id).json();
        assertThat(old.get("total").asLong()).isEqualTo(3998);
        assertThat(old.get("lines").get(0).get("unitPrice").asLong()).isEqualTo(1999);
        JsonNode next = http.post("/orders", checkout(fresh("k"), fresh("c"), List.of(Map.of("sku", sku,
                "quantity", 1)))).json();
        assertThat(next.get("total").asLong()).isEqualTo(2599);
        assertThat(next.get("lines").get(0).get("category").asString()).isEqualTo("tea");

        Http.Response off = http.post("/products/" + sku + "/deactivate", "{}");
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json().get("active").asBoolean()).isFalse();
        Http.Response refused = http.post("/orders", checkout(fresh("k"), fresh("c"), List.of(Map.of("sku", sku,
                "quantity", 1))));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(field(refused)).isEqualTo("lines[0].sku");
        assertThat(refused.json().get("detail").asString()).contains("not on sale");
        // the retry of a checkout placed before still answers its order
        Http.Response retry = http.post("/orders", first);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("id").asString()).isEqualTo(id);
        assertThat(retry.json().get("total").asLong()).isEqualTo(3998);

        List<String> inactive = new ArrayList<>();
        http.get("/products?active=false&size=1000").json().forEach(p -> inactive.add(p.get("sku").asString()));
        assertThat(inactive).contains(sku);
        List<String> active = new ArrayList<>();
        http.get("/products?active=true&size=1000").json().forEach(p -> active.add(p.get("sku").asString()));
        assertThat(active).doesNotContain(sku);
        assertThat(http.get("/products?size=0").status()).isEqualTo(400);
        assertThat(http.put("/products/" + fresh("nope"), Map.of("name", "x", "category", "tea", "price", 1,
                "active", true)).status()).isEqualTo(404);
        Http.Response negative = http.put("/products/" + sku, Map.of("name", "x", "category", "tea", "price", -5,
                "active", true));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(field(negative)).isEqualTo("price");
    }

    @Test
    void flash_sale_stock_is_allocated_read_and_topped_up_and_a_sku_without_stock_is_not_sold() {
        Http http = Http.at(port);
        String session = fresh("sess");
        String sku = fresh("sku");
        http.post("/products", Map.of("sku", sku, "name", "Rice cooker", "category", "home", "price", 29_900));

        Http.Response none = http.post("/orders", Map.of("clientOrderId", fresh("k"), "customerId", fresh("c"),
                "sessionId", session, "lines", List.of(Map.of("sku", sku, "quantity", 1))));
        assertThat(none.status()).isEqualTo(409);
        assertThat(field(none)).isEqualTo("lines[0].sku");
        assertThat(none.json().get("detail").asString()).contains("no flash-sale stock in session " + session);

        Http.Response allocated = http.post("/sessions/" + session + "/stock", Map.of("sku", sku, "units", 3,
                "perCustomerLimit", 2));
        assertThat(allocated.status()).isEqualTo(201);
        assertThat(allocated.json().get("allocated").asLong()).isEqualTo(3);
        assertThat(allocated.json().get("remaining").asLong()).isEqualTo(3);
        assertThat(allocated.json().get("perCustomerLimit").asInt()).isEqualTo(2);
        Http.Response twice = http.post("/sessions/" + session + "/stock", Map.of("sku", sku, "units", 3));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(field(twice)).isEqualTo("sku");
        Http.Response zero = http.post("/sessions/" + session + "/stock", Map.of("sku", fresh("x"), "units", 0));
        assertThat(zero.status()).isIn(400, 404);
        Http.Response badUnits = http.post("/sessions/" + session + "/stock/" + sku + "/top-ups", Map.of("units", 0));
        assertThat(badUnits.status()).isEqualTo(400);
        assertThat(field(badUnits)).isEqualTo("units");
        assertThat(http.post("/sessions/" + session + "/stock", Map.of("sku", fresh("nope"), "units", 1)).status())
                .isEqualTo(404);

        String c = fresh("c");
        assertThat(http.post("/orders", Map.of("clientOrderId", fresh("k"), "customerId", c, "sessionId", session,
                "lines", List.of(Map.of("sku", sku, "quantity", 2)))).status()).isEqualTo(201);
        JsonNode after = http.get("/sessions/" + session + "/stock/" + sku).json();
        assertThat(after.get("remaining").asLong()).isEqualTo(1);
        assertThat(after.get("sold").asLong()).isEqualTo(2);

        Http.Response topped = http.post("/sessions/" + session + "/stock/" + sku + "/top-ups", Map.of("units", 5));
        assertThat(topped.status()).isEqualTo(200);
        assertThat(topped.json().get("allocated").asLong()).isEqualTo(8);
        assertThat(topped.json().get("remaining").asLong()).isEqualTo(6);
        assertThat(topped.json().get("sold").asLong()).isEqualTo(2);
        JsonNode list = http.get("/sessions/" + session + "/stock").json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("sku").asString()).isEqualTo(sku);
        assertThat(http.get("/sessions/" + session + "/stock/" + fresh("nope")).status()).isEqualTo(404);
    }

    @Test
    void many_more_checkouts_than_units_race_and_exactly_the_units_are_sold() throws Exception {
        Http http = Http.at(port);
        String session = fresh("sess");
        String sku = fresh("sku");
        http.post("/products", Map.of("sku", sku, "name", "Air fryer", "category", "home", "price", 19_900));
        http.post("/sessions/" + session + "/stock", Map.of("sku", sku, "units", 25));

        // 120 customers, 1 or 2 units each, all at once
        List<Http.Response> answers = all(120, i -> http.post("/orders", Map.of("clientOrderId", "k" + i,
                "customerId", "racer-" + session + "-" + i, "sessionId", session,
                "lines", List.of(Map.of("sku", sku, "quantity", 1 + i % 2)))));
        long units = 0;
        int placed = 0;
        for (Http.Response r : answers) {
            if (r.status() == 201) {
                placed++;
                units += r.json().get("lines").get(0).get("quantity").asLong();
            } else {
                assertThat(r.status()).isEqualTo(409);
                assertThat(field(r)).isEqualTo("lines[0].sku");
            }
        }
        assertThat(units).isLessThanOrEqualTo(25);
        JsonNode stock = http.get("/sessions/" + session + "/stock/" + sku).json();
        assertThat(stock.get("sold").asLong()).isEqualTo(units);
        assertThat(stock.get("remaining").asLong()).isEqualTo(25 - units);
        // no unit is left unsold while a one-unit checkout was refused
        assertThat(stock.get("remaining").asLong()).isZero();
        int expected = placed;
        var events = TopicProbe.await(Events.ORDER_PLACED, (OrderPlaced e) -> e.sessionId().equals(session), expected,
                WAIT);
        assertThat(events).hasSize(expected);
        assertThat(events.stream().mapToLong(e -> e.payload().lines().getFirst().quantity()).sum()).isEqualTo(units);
    }

    @Test
    void a_customer_cannot_buy_more_than_the_limit_of_a_sku_in_a_session() {
        Http http = Http.at(port);
        String session = fresh("sess");
        String sku = fresh("sku");
        http.post("/products", Map.of("sku", sku, "name", "Lipstick", "category", "beauty", "price", 9_900));
        http.post("/sessions/" + session + "/stock", Map.of("sku", sku, "units", 100, "perCustomerLimit", 2));
        String c = fresh("c");
        IntFunction<Map<String, Object>> buy = q -> Map.of("clientOrderId", fresh("k"), "customerId", c,
                "sessionId", session, "lines", List.of(Map.of("sku", sku, "quantity", q)));

        assertThat(http.post("/orders", buy.apply(1)).status()).isEqualTo(201);
        Http.Response over = http.post("/orders", buy.apply(2));
        assertThat(over.status()).isEqualTo(409);
        assertThat(field(over)).isEqualTo("lines[0].quantity");
        assertThat(over.json().get("detail").asString()).contains("at most 2").contains("holds 1");
        assertThat(http.post("/orders", buy.apply(1)).status()).isEqualTo(201);
        assertThat(http.post("/orders", buy.apply(1)).status()).isEqualTo(409);
        assertThat(http.get("/sessions/" + session + "/stock/" + sku).json().get("sold").asLong()).isEqualTo(2);
        // another customer has a limit of their own
        assertThat(http.post("/orders", Map.of("clientOrderId", fresh("k"), "customerId", fresh("c"), "sessionId",
                session, "lines", List.of(Map.of("sku", sku, "quantity", 2)))).status()).isEqualTo(201);
    }

    @Test
    void a_payment_callback_needs_a_valid_signature_over_the_exact_body() {
        Http http = Http.at(port);
        String sku = product(http, "food", 1999);
        String id = http.post("/orders", checkout(fresh("k"), fresh("c"), List.of(Map.of("sku", sku, "quantity", 1))))
                .json().get("id").asString();
        String body = "{\"orderId\":\"" + id + "\",\"paymentId\":\"pay-sig\",\"amount\":1999}";
        PaymentSignature ours = new PaymentSignature(SECRET, Duration.ofMinutes(5));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        Http.Response unsigned = signed(http, body, null);
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.header("Content-Type")).startsWith("application/problem+json");
        assertThat(field(unsigned)).isEqualTo("Storecast-Signature");
        Http.Response otherSecret = pay(http, id, "pay-sig", 1999, "another-secret-abcdefgh");
        assertThat(otherSecret.status()).isEqualTo(401);
        Http.Response tampered = signed(http, body.replace("1999", "1"), ours.sign(bytes, Instant.now()));
        assertThat(tampered.status()).isEqualTo(401);
        Http.Response stale = signed(http, body, ours.sign(bytes, Instant.now().minus(Duration.ofMinutes(6))));
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.json().get("detail").asString()).contains("more than 300 s");
        assertThat(signed(http, body, "t=abc,v1=zz").status()).isEqualTo(401);
        assertThat(http.get("/orders/" + id).json().get("status").asString()).isEqualTo("PLACED");

        String amountless = "{\"orderId\":\"" + id + "\",\"paymentId\":\"p\"}";
        Http.Response noAmount = signed(http, amountless,
                ours.sign(amountless.getBytes(StandardCharsets.UTF_8), Instant.now()));
        assertThat(noAmount.status()).isEqualTo(400);
        assertThat(field(noAmount)).isEqualTo("amount");

        Http.Response ok = signed(http, body, ours.sign(bytes, Instant.now()));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("status").asString()).isEqualTo("PAID");
    }

    @Test
    void every_endpoint_is_described_in_openapi() {
        JsonNode api = Http.at(port).get("/v3/api-docs").json();
        for (String path : new String[]{"/products", "/products/{sku}", "/products/{sku}/deactivate",
                "/sessions/{sessionId}/stock", "/sessions/{sessionId}/stock/{sku}",
                "/sessions/{sessionId}/stock/{sku}/top-ups", "/orders", "/orders/{id}", "/orders/{id}/refunds",
                "/orders/{id}/shipments", "/orders/{id}/delivery", "/payments/callbacks"}) {
            assertThat(api.get("paths").has(path)).as(path).isTrue();
        }
        JsonNode callback = api.get("paths").get("/payments/callbacks").get("post");
        assertThat(callback.get("parameters").get(0).get("name").asString()).isEqualTo("Storecast-Signature");
    }
}
