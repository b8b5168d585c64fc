package io.storecast.attribution;

import io.storecast.contracts.Events;
import io.storecast.contracts.links.LinkIssued;
import io.storecast.contracts.network.CommissionPlanPublished;
import io.storecast.contracts.network.StoreRegistered;
import io.storecast.contracts.orders.OrderLine;
import io.storecast.contracts.orders.OrderPaid;
import io.storecast.contracts.orders.OrderPlaced;
import io.storecast.contracts.presence.ViewerJoined;
import io.storecast.platform.testing.Http;
import io.storecast.platform.testing.Tokens;
import io.storecast.platform.testing.ServiceUnderTest;
import io.storecast.platform.testing.TopicProbe;
import org.junit.jupiter.api.Test;
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
 * HQ reads and changes the versioned policy through the API; a decision records the version it used, and
 * {@code BINDING} credits the store the customer is bound to whatever ref the order carries. Its own database and
 * consumer group, so its policy changes reach no other test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=attribution-service", "spring.application.name=attribution-policy-test"})
class PolicyApiTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        ServiceUnderTest.wire(r, "attribution-policy-test");
    }

    @LocalServerPort
    int port;

    static Map<String, Object> change(int basedOn, String model, int lookback, int protection, int validity) {
        return Map.of("basedOnVersion", basedOn, "model", model, "lookbackHours", lookback,
                "protectionDays", protection, "validityDays", validity, "selfPurchase", "DENY",
                "reason", "dealers keep their customers");
    }

    @Test
    void hq_changes_the_policy_in_versions_and_a_binding_decides_the_next_order() {
        Http http = Http.at(port).as(Tokens.of("HQ", null, "hq-ops@brand"));
        JsonNode v1 = http.get("/attribution/policy").json();
        assertThat(v1.get("version").asInt()).isEqualTo(1);
        assertThat(v1.get("model").asString()).isEqualTo("LAST_TOUCH");
        assertThat(v1.get("lookbackHours").asInt()).isEqualTo(72);
        assertThat(v1.get("protectionDays").asInt()).isEqualTo(15);
        assertThat(v1.get("validityDays").asInt()).isEqualTo(90);
        assertThat(v1.get("selfPurchase").asString()).isEqualTo("DENY");

        // bad input: 400 naming the field, nothing written
        Http.Response zero = http.put("/attribution/policy", change(1, "BINDING", 0, 15, 90));
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().get("errors").get(0).get("field").asString()).isEqualTo("lookbackHours");
        Map<String, Object> badModel = new java.util.HashMap<>(change(1, "BINDING", 72, 15, 90));
        badModel.put("model", "NEAREST_STORE");
        Http.Response unknown = http.put("/attribution/policy", badModel);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"model\"");
        assertThat(http.get("/attribution/policy").json().get("version").asInt()).isEqualTo(1);

        // who changed it is the person the token names, whatever the body says
        Map<String, Object> v2Change = new java.util.HashMap<>(change(1, "BINDING", 72, 15, 90));
        v2Change.put("changedBy", "someone-else@brand");
        Http.Response v2 = http.put("/attribution/policy", v2Change);
        assertThat(v2.status()).isEqualTo(200);
        assertThat(v2.json().get("version").asInt()).isEqualTo(2);
        assertThat(v2.json().get("changedBy").asString()).isEqualTo("hq-ops@brand");
        // a change computed from version 1 again would undo version 2 unseen: 409
        Http.Response stale = http.put("/attribution/policy", change(1, "FIRST_TOUCH", 72, 15, 90));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("errors").get(0).get("field").asString()).isEqualTo("basedOnVersion");
        assertThat(http.get("/attribution/policy/versions").json()).extracting(v -> v.get("version").asInt())
                .containsExactly(2, 1);
        assertThat(http.get("/attribution/policy/versions/1").json().get("model").asString()).isEqualTo("LAST_TOUCH");
        assertThat(http.get("/attribution/policy/versions/9").status()).isEqualTo(404);
        // a store reads the rules, not who at HQ changed them
        assertThat(Http.at(port).as(Tokens.store("s-any")).get("/attribution/policy/versions").json())
                .extracting(v -> v.get("version").asInt() + " " + v.get("model").asString() + " "
                        + v.get("changedBy").isNull()).containsExactly("2 BINDING true", "1 LAST_TOUCH true");

        // a customer joins through store A's link 5 days before ordering through store B's link
        String u = UUID.randomUUID().toString().substring(0, 8);
        String storeA = "sa-" + u, storeB = "sb-" + u, codeA = "La" + u + "xy", codeB = "Lb" + u + "xy";
        String customer = "c-" + u, order = "o-" + u;
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        Instant placed = Instant.parse("2026-11-20T04:00:00Z");
        TopicProbe.publish(Events.COMMISSION_PLAN_PUBLISHED, "1", "1", new CommissionPlanPublished(1,
                Instant.parse("2020-01-01T00:00:00Z"), "CNY", Map.of("*", new CommissionPlanPublished.Rates(500, 100, 200, 0)),
                at));
        TopicProbe.publish(Events.STORE_REGISTERED, storeA, storeA, new StoreRegistered(storeA, "SA-" + u, "A", null, at,
                "杭州", null, null));
        TopicProbe.publish(Events.STORE_REGISTERED, storeB, storeB, new StoreRegistered(storeB, "SB-" + u, "B", null, at,
                "杭州", null, null));
        TopicProbe.publish(Events.LINK_ISSUED, codeA, codeA, new LinkIssued(codeA, "STORE", storeA, storeA, null, "r1",
                null, "poster", at, null));
        TopicProbe.publish(Events.LINK_ISSUED, codeB, codeB, new LinkIssued(codeB, "STORE", storeB, storeB, null, "r1",
                null, "poster", at, null));
        TopicProbe.publish(Events.VIEWER_JOINED, customer, "sess1",
                new ViewerJoined("sess1", "r1", customer, codeA, placed.minus(Duration.ofDays(5))));
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/customers/" + customer + "/touches").json()
                .size() == 1);
        List<OrderLine> lines = List.of(new OrderLine(1, "SKU-A", "apparel", 1, 10_000, 10_000));
        TopicProbe.publishTwice(Events.ORDER_PLACED, customer, order, new OrderPlaced(order, "co-" + u, customer,
                "sess1", codeB, lines, 10_000, "CNY", placed));
        TopicProbe.publishTwice(Events.ORDER_PAID, customer, order, new OrderPaid(order, customer, "sess1", codeB,
                "pay-" + u, lines, 10_000, "CNY", placed, placed.plusSeconds(60)));

        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/orders/" + order + "/attribution").status() == 200);
        JsonNode d = http.get("/orders/" + order + "/attribution").json();
        assertThat(d.get("policyVersion").asInt()).isEqualTo(2);
        assertThat(d.get("model").asString()).isEqualTo("BINDING");
        assertThat(d.get("storeId").asString()).isEqualTo(storeA);
        assertThat(d.get("winningTouch").get("code").asString()).isEqualTo(codeA);
        assertThat(d.get("reason").asString()).isEqualTo("bound since 2026-11-15T04:00:00Z by store link " + codeA
                + ", lapses 2027-02-13T04:00:00Z");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.get("/orders/" + order + "/ledger")
                .json()).extracting(e -> e.get("beneficiaryId").asString() + " " + e.get("amount").asLong())
                .containsExactly(storeA + " 500"));
    }
}
