package io.storecast.distribution;

import io.storecast.distribution.application.StockCommands;
import io.storecast.distribution.persistence.StockDocuments.StockDoc;
import io.storecast.platform.testing.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class StockApiTest extends DistributionServiceTest {

    @Autowired
    StockCommands stockCommands;
    @Autowired
    MongoTemplate mongo;

    private String store() {
        return http().post("/stores", Map.of("code", "S-" + UUID.randomUUID().toString().substring(0, 8),
                "name", "Stock test store")).json().get("id").asString();
    }

    private Http.Response put(String path, String json) {
        return http().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static Map<String, Object> view(String storeId, String sku, int onHand, int reserved, int available) {
        return Map.of("storeId", storeId, "sku", sku, "onHand", onHand, "reserved", reserved, "available", available);
    }

    private static JsonNode json(Map<String, Object> m) {
        return Http.JSON.valueToTree(m);
    }

    /** An RFC 9457 body with the status, naming the one offending field. */
    private static void assertProblem(Http.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("title").asString()).isNotBlank();
        assertThat(r.json().get("detail").asString()).isNotBlank();
        assertThat(r.json().get("errors")).hasSize(1);
        assertThat(field(r)).isEqualTo(field);
    }

    @Test
    void a_store_sets_adjusts_and_reads_its_stock_per_sku() {
        String storeId = store();
        Http.Response set = put("/stores/" + storeId + "/stock/TEE-RED-M", "{\"onHand\": 12}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json()).isEqualTo(json(view(storeId, "TEE-RED-M", 12, 0, 12)));

        Http.Response received = http().post("/stores/" + storeId + "/stock/TEE-RED-M/adjustments",
                Map.of("delta", 5, "reason", "delivery from HQ"));
        assertThat(received.status()).isEqualTo(200);
        assertThat(received.json()).isEqualTo(json(view(storeId, "TEE-RED-M", 17, 0, 17)));
        Http.Response damaged = http().post("/stores/" + storeId + "/stock/TEE-RED-M/adjustments",
                Map.of("delta", -17, "reason", "water damage"));
        assertThat(damaged.json()).isEqualTo(json(view(storeId, "TEE-RED-M", 0, 0, 0)));

        // an adjustment of a SKU never set starts from zero; the reasons are kept with the stock
        assertThat(http().post("/stores/" + storeId + "/stock/cap_01.blue/adjustments",
                Map.of("delta", 3, "reason", "found in the back")).json())
                .isEqualTo(json(view(storeId, "cap_01.blue", 3, 0, 3)));
        StockDoc doc = mongo.findById(storeId + ":TEE-RED-M", StockDoc.class);
        assertThat(doc.adjustments()).extracting(a -> a.delta() + " " + a.reason())
                .containsExactly("5 delivery from HQ", "-17 water damage");
        assertThat(doc.version()).isEqualTo(3);

        assertThat(http().get("/stores/" + storeId + "/stock/TEE-RED-M").json())
                .isEqualTo(json(view(storeId, "TEE-RED-M", 0, 0, 0)));
        assertThat(http().get("/stores/" + storeId + "/stock/NEVER-STOCKED").json())
                .isEqualTo(json(view(storeId, "NEVER-STOCKED", 0, 0, 0)));
        Http.Response list = http().get("/stores/" + storeId + "/stock");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).isEqualTo(Http.JSON.valueToTree(java.util.List.of(
                view(storeId, "TEE-RED-M", 0, 0, 0), view(storeId, "cap_01.blue", 3, 0, 3))));
        assertThat(http().get("/stores/" + store() + "/stock").json()).isEmpty();
    }

    @Test
    void units_reserved_for_orders_cannot_be_counted_or_adjusted_away() {
        String storeId = store();
        put("/stores/" + storeId + "/stock/TEE", "{\"onHand\": 5}");
        assertThat(stockCommands.reserve(storeId, "TEE", 3, "order-" + UUID.randomUUID())).isTrue();
        assertThat(http().get("/stores/" + storeId + "/stock/TEE").json()).isEqualTo(json(view(storeId, "TEE", 5, 3, 2)));

        Http.Response belowReserved = put("/stores/" + storeId + "/stock/TEE", "{\"onHand\": 2}");
        assertProblem(belowReserved, 409, "onHand");
        assertThat(belowReserved.json().get("detail").asString())
                .isEqualTo("onHand 2 is below the 3 units of TEE reserved for orders at " + storeId);
        Http.Response tooMuchOff = http().post("/stores/" + storeId + "/stock/TEE/adjustments",
                Map.of("delta", -3, "reason", "stolen"));
        assertProblem(tooMuchOff, 409, "delta");
        assertProblem(http().post("/stores/" + storeId + "/stock/CAP/adjustments",
                Map.of("delta", -1, "reason", "stolen")), 409, "delta");

        // nothing was half-written
        assertThat(http().get("/stores/" + storeId + "/stock/TEE").json()).isEqualTo(json(view(storeId, "TEE", 5, 3, 2)));
        assertThat(put("/stores/" + storeId + "/stock/TEE", "{\"onHand\": 3}").json())
                .isEqualTo(json(view(storeId, "TEE", 3, 3, 0)));
        assertThat(http().post("/stores/" + storeId + "/stock/TEE/adjustments", Map.of("delta", 1, "reason", "x"))
                .json()).isEqualTo(json(view(storeId, "TEE", 4, 3, 1)));
    }

    @Test
    void bad_input_is_answered_with_a_problem_naming_the_field() {
        String storeId = store();
        String stock = "/stores/" + storeId + "/stock/";
        assertProblem(put(stock + "TEE", "{\"onHand\": -1}"), 400, "onHand");
        assertProblem(put(stock + "TEE", "{}"), 400, "onHand");
        assertProblem(put(stock + "TEE", "{\"onHand\": \"many\"}"), 400, "onHand");
        assertProblem(put(stock + "TEE", "{\"onHand\": 1.5}"), 400, "onHand");
        assertProblem(put(stock + "TEE", "{\"onHand\": 1e30}"), 400, "onHand");
        assertProblem(http().post(stock + "TEE/adjustments", "{\"delta\": -0.5, \"reason\": \"half\"}"), 400, "delta");
        assertProblem(put(stock + "TEE", "{\"onHand\": 1000000001}"), 400, "onHand");
        assertProblem(put(stock + "TEE%20RED", "{\"onHand\": 1}"), 400, "sku");
        assertProblem(put(stock + "x".repeat(65), "{\"onHand\": 1}"), 400, "sku");
        assertProblem(put(stock + "T%3A1", "{\"onHand\": 1}"), 400, "sku");
        assertProblem(http().get(stock + "TEE%2BRED"), 400, "sku");
        assertProblem(http().post(stock + "TEE/adjustments", Map.of("delta", 0, "reason", "nothing")), 400, "delta");
        assertProblem(http().post(stock + "TEE/adjustments", Map.of("reason", "no delta")), 400, "delta");
        assertProblem(http().post(stock + "TEE/adjustments", Map.of("delta", 1, "reason", " ")), 400, "reason");
        assertProblem(http().post(stock + "TEE/adjustments", Map.of("delta", 1)), 400, "reason");
        assertProblem(http().post(stock + "TEE/adjustments", Map.of("delta", 1, "reason", "r".repeat(201))), 400,
                "reason");
        assertProblem(http().post(stock + "bad!sku/adjustments", Map.of("delta", 1, "reason", "x")), 400, "sku");
        assertThat(http().get("/stores/" + storeId + "/stock").json()).isEmpty();
    }

    @Test
    void an_unknown_store_has_no_stock() {
        String unknown = "/stores/store-" + UUID.randomUUID() + "/stock";
        for (Http.Response r : new Http.Response[]{put(unknown + "/TEE", "{\"onHand\": 1}"),
                http().post(unknown + "/TEE/adjustments", Map.of("delta", 1, "reason", "x")),
                http().get(unknown + "/TEE"), http().get(unknown)}) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("detail").asString()).startsWith("store store-").endsWith(" not found");
        }
    }
}
